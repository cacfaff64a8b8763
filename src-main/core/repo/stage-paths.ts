import type { BigIntStats } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import { mapLimit } from '../map-limit';
import { indexOrder, newIndexEntry, readIndex, type IndexEntry } from './git-index';
import { newObject, type NewObject } from './loose-objects';
import type { GitRepo } from './git-repo';
import { inHeadTree } from './commit-objects';
import { configValue, execBitCounts, isGitFalse } from './git-config';
import {
  entriesAt,
  hasUnder,
  indexesAt,
  indexesUnder,
  lowerBound,
  prefixes,
  stagedUnder,
  type Selection,
} from './index-selection';

/** Working-copy files read and hashed at once. */
const MAX_PARALLEL_READS = 32;

async function lstatOrNull(path: string): Promise<BigIntStats | null> {
  try {
    return await lstat(path, { bigint: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

export interface Staged {
  /** The whole index after staging, in git's order. */
  entries: IndexEntry[];
  /** Blobs of the staged files, to be stored before the index refers to them. */
  blobs: NewObject[];
  /** False when the index would come out byte for byte as it was. */
  changed: boolean;
}

/** Working-copy files to stage: path, absolute path and stat data. */
type Found = { path: string; abs: string; s: BigIntStats };

/**
 * Every file and symbolic link under the folder `path`, as `git add <folder>` finds them: untracked
 * ignored ones (and ignored folders holding nothing tracked) are left out, and so is anything
 * inside another repository (a folder holding .git).
 */
async function filesUnder(
  repo: GitRepo,
  path: string,
  entries: readonly IndexEntry[],
  out: Found[],
): Promise<void> {
  const abs = join(repo.dir, ...path.split('/'));
  const names = await readdir(abs);
  if (names.includes('.git') && path !== '') return;
  const ignored = (p: string) =>
    git.isIgnored({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: p });
  for (const name of names.sort()) {
    if (name === '.git') continue;
    const child = path ? `${path}/${name}` : name;
    const s = await lstatOrNull(join(abs, name));
    if (!s) continue;
    if (s.isDirectory()) {
      if (hasUnder(entries, child) || !(await ignored(child))) await filesUnder(repo, child, entries, out);
    } else if (s.isFile() || s.isSymbolicLink()) {
      if (entriesAt(entries, child).length > 0 || !(await ignored(child)))
        out.push({ path: child, abs: join(abs, name), s });
    }
  }
}

/**
 * Stages the selected paths as `git add` / `git rm` would, in memory (nothing is written): a file's
 * or symbolic link's content and stat data; a folder's files, with the removal of tracked files
 * gone from it; the removal of a path gone from the working copy; a file that took the place of a
 * folder replaces the folder's entries, and the other way round. Returns null where
 * isomorphic-git's add must do it: CRLF conversion configured.
 */
export async function stageInMemory(
  repo: GitRepo,
  selection: Selection,
  entries: IndexEntry[],
  headTree: string | null,
): Promise<Staged | null> {
  const [autocrlf, fileMode] = await Promise.all([
    configValue(repo, 'core.autocrlf'),
    configValue(repo, 'core.filemode'),
  ]);
  if (autocrlf !== undefined && !isGitFalse(autocrlf)) return null;
  const execBit = execBitCounts(fileMode);

  const found: Found[] = [];
  const removed = new Set<string>();
  await mapLimit(selection.paths, MAX_PARALLEL_READS, async (path) => {
    const abs = join(repo.dir, ...path.split('/'));
    const s = await lstatOrNull(abs);
    if (!s) {
      if (
        entriesAt(entries, path).length === 0 &&
        !hasUnder(entries, path) &&
        !(await inHeadTree(repo, headTree, path))
      )
        throw new ApiFailure(
          'not-found',
          `"${path}" is neither in the working copy nor in the repository. Refresh the file list.`,
        );
      removed.add(path);
    } else if (s.isDirectory()) {
      const inFolder: Found[] = [];
      await filesUnder(repo, path, entries, inFolder);
      const present = new Set(inFolder.map((f) => f.path));
      for (let i = lowerBound(entries, `${path}/`); entries[i]?.path.startsWith(`${path}/`); i++) {
        if (!present.has(entries[i]!.path)) removed.add(entries[i]!.path);
      }
      found.push(...inFolder);
    } else if (s.isFile() || s.isSymbolicLink()) {
      // git add leaves an untracked ignored file out (the file list does not offer those).
      const tracked = entriesAt(entries, path).length > 0;
      if (
        tracked ||
        !(await git.isIgnored({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: path }))
      )
        found.push({ path, abs, s });
    }
  });

  const blobs: NewObject[] = [];
  const added = new Map<string, IndexEntry>();
  await mapLimit(found, MAX_PARALLEL_READS, async ({ path, abs, s }) => {
    const link = s.isSymbolicLink();
    const content = link ? Buffer.from((await readlink(abs)).split('\\').join('/')) : await readFile(abs);
    const blob = newObject('blob', content);
    const known = entriesAt(entries, path).find((e) => e.stage === 0);
    // Without core.fileMode git keeps the executable bit the index has.
    const executable = execBit ? (s.mode & 0o100n) !== 0n : known?.mode === 0o100755;
    const mode = link ? 0o120000 : executable ? 0o100755 : 0o100644;
    blobs.push(blob);
    added.set(path, newIndexEntry(path, blob.oid, mode, s));
  });

  // Entries that go: replaced, removed, a file where a folder now is, or inside what is now a file.
  const gone = new Set<number>();
  for (const path of removed) {
    for (const i of [...indexesAt(entries, path), ...indexesUnder(entries, path)]) gone.add(i);
  }
  for (const path of added.keys()) {
    for (const i of [...indexesAt(entries, path), ...indexesUnder(entries, path)]) gone.add(i);
    for (const folder of prefixes(path)) {
      for (const i of indexesAt(entries, folder)) gone.add(i);
    }
  }
  let changed = [...gone].some((i) => !added.has(entries[i]!.path));
  const kept = gone.size === 0 ? entries : entries.filter((_, i) => !gone.has(i));
  const fresh = [...added.values()].sort(indexOrder);
  for (const e of fresh) {
    const before = entriesAt(entries, e.path);
    if (before.length !== 1 || !before[0]!.raw.equals(e.raw)) changed = true;
  }
  const merged: IndexEntry[] = [];
  let i = 0;
  for (const e of kept) {
    while (i < fresh.length && indexOrder(fresh[i]!, e) < 0) merged.push(fresh[i++]!);
    merged.push(e);
  }
  while (i < fresh.length) merged.push(fresh[i++]!);
  return { entries: merged, blobs, changed };
}

/** Through isomorphic-git's add and remove (which write the blobs and the index): for CRLF conversion. */
export async function stageWithIsomorphicGit(
  repo: GitRepo,
  selection: Selection,
  headTree: string | null,
): Promise<void> {
  const base = { fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache };
  const before = stagedUnder((await readIndex(join(repo.gitdir, 'index'), true)) ?? [], selection);
  const stagedBy = new Map<string, string[]>();
  for (const p of before.keys()) {
    const by = selection.covering(p)!;
    if (!stagedBy.has(by)) stagedBy.set(by, []);
    stagedBy.get(by)!.push(p);
  }
  const toAdd: string[] = [];
  const toRemove: string[] = [];
  for (const path of selection.paths) {
    if (await lstatOrNull(join(repo.dir, ...path.split('/')))) {
      toAdd.push(path);
      continue;
    }
    const staged = stagedBy.get(path) ?? [];
    if (staged.length === 0 && !(await inHeadTree(repo, headTree, path)))
      throw new ApiFailure(
        'not-found',
        `"${path}" is neither in the working copy nor in the repository. Refresh the file list.`,
      );
    toRemove.push(...staged);
  }
  if (toRemove.length > 0)
    await git.remove({ ...base, filepath: toRemove } as Parameters<typeof git.remove>[0]);
  if (toAdd.length > 0) await git.add({ ...base, filepath: toAdd });
}
