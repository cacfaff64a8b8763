import type { BigIntStats } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import type { GitIdentity } from '../../../src-shared/model';
import {
  comparePaths,
  encodeIndex,
  encodeTree,
  indexOrder,
  newIndexEntry,
  readIndex,
  type IndexEntry,
  type TreeItem,
} from './git-index';
import { parseTree, readTyped } from './git-objects';
import { newObject, writeLooseObjects, type NewObject } from './loose-objects';
import { headOid } from './repo-files';
import { isNotFound, type GitRepo } from './git-repo';

/** A file or folder as a tree lists it; `mode` as git stores it ("100644", "40000"). */
export interface TreeLeaf {
  mode: string;
  oid: string;
}

const TREE_MODE = '40000';
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** Working-copy files read and hashed at once. */
const MAX_PARALLEL_READS = 32;

/** The selected paths, answering "is this path at or under one of them?" in O(depth). */
class Selection {
  readonly paths: string[];
  private readonly set: Set<string>;

  /** Paths inside another selected path are dropped: committing "a" already covers "a/b". */
  constructor(paths: string[]) {
    const set = new Set<string>();
    for (const p of [...new Set(paths)].sort()) {
      if (!prefixes(p).some((prefix) => set.has(prefix))) set.add(p);
    }
    this.set = set;
    this.paths = [...set];
  }

  /** The selected path covering `path` (itself or a folder above it), if any. */
  covering(path: string): string | undefined {
    if (this.set.has(path)) return path;
    return prefixes(path).find((prefix) => this.set.has(prefix));
  }
}

/** "a/b/c" -> ["a", "a/b"]. */
function prefixes(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}

/** Entries of the index at or under the selected paths, by path (merged ones only). */
function stagedUnder(entries: readonly IndexEntry[], selected: Selection): Map<string, TreeLeaf> {
  const leaves = new Map<string, TreeLeaf>();
  for (const path of selected.paths) {
    for (const i of [...indexesAt(entries, path), ...indexesUnder(entries, path)]) {
      const entry = entries[i]!;
      if (entry.stage === 0) leaves.set(entry.path, { mode: entry.mode.toString(8), oid: entry.oid });
    }
  }
  return leaves;
}

/** Index of the first entry not before `path` in git's order (entries are sorted). */
function lowerBound(entries: readonly IndexEntry[], path: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comparePaths(entries[mid]!.path, path) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positions of the entries for `path` (one per stage). */
function indexesAt(entries: readonly IndexEntry[], path: string): number[] {
  const out: number[] = [];
  for (let i = lowerBound(entries, path); entries[i]?.path === path; i++) out.push(i);
  return out;
}

function entriesAt(entries: readonly IndexEntry[], path: string): IndexEntry[] {
  return indexesAt(entries, path).map((i) => entries[i]!);
}

/** Positions of the entries inside the folder `path`: contiguous in git's order. */
function indexesUnder(entries: readonly IndexEntry[], path: string): number[] {
  const out: number[] = [];
  const prefix = `${path}/`;
  for (let i = lowerBound(entries, prefix); entries[i]?.path.startsWith(prefix); i++) out.push(i);
  return out;
}

/** Whether the index holds anything inside the folder `path`. */
function hasUnder(entries: readonly IndexEntry[], path: string): boolean {
  return entries[lowerBound(entries, `${path}/`)]?.path.startsWith(`${path}/`) ?? false;
}

async function runLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function lstatOrNull(path: string): Promise<BigIntStats | null> {
  try {
    return await lstat(path, { bigint: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

async function config(repo: GitRepo, path: string): Promise<unknown> {
  return git.getConfig({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, path }).catch(() => undefined);
}

/** git's false for a boolean setting. */
function isFalse(value: unknown): boolean {
  return value === false || /^(false|no|off|0)$/i.test(String(value));
}

interface Staged {
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
async function stageInMemory(
  repo: GitRepo,
  selection: Selection,
  entries: IndexEntry[],
  headTree: string | null,
): Promise<Staged | null> {
  const [autocrlf, fileMode] = await Promise.all([
    config(repo, 'core.autocrlf'),
    config(repo, 'core.filemode'),
  ]);
  if (autocrlf !== undefined && !isFalse(autocrlf)) return null;
  const execBit = process.platform !== 'win32' && !isFalse(fileMode);

  const found: Found[] = [];
  const removed = new Set<string>();
  await runLimited(selection.paths, MAX_PARALLEL_READS, async (path) => {
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
  await runLimited(found, MAX_PARALLEL_READS, async ({ path, abs, s }) => {
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
async function stageWithIsomorphicGit(
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

/** Tree objects made in memory; `objects` holds each new one, to be stored with the commit. */
class Trees {
  readonly objects: NewObject[] = [];
  constructor(private readonly repo: GitRepo) {}

  async read(oid: string): Promise<TreeItem[]> {
    return parseTree(await readTyped(this.repo, oid, 'tree')).map((e) => ({
      ...e,
      isTree: e.mode === TREE_MODE || e.mode === '040000',
    }));
  }

  store(items: TreeItem[]): string {
    const object = newObject('tree', encodeTree(items));
    this.objects.push(object);
    return object.oid;
  }

  /** Nested trees for a flat (relative path -> leaf) map; null when empty. */
  build(leaves: Map<string, TreeLeaf>): string | null {
    if (leaves.size === 0) return null;
    const items: TreeItem[] = [];
    const dirs = new Map<string, Map<string, TreeLeaf>>();
    for (const [path, leaf] of leaves) {
      const slash = path.indexOf('/');
      if (slash < 0) {
        items.push({ name: path, mode: leaf.mode, oid: leaf.oid, isTree: leaf.mode === TREE_MODE });
        continue;
      }
      const name = path.slice(0, slash);
      if (!dirs.has(name)) dirs.set(name, new Map());
      dirs.get(name)!.set(path.slice(slash + 1), leaf);
    }
    for (const [name, sub] of dirs) {
      const oid = this.build(sub);
      if (oid) items.push({ name, mode: TREE_MODE, oid, isTree: true });
    }
    return this.store(items);
  }

  /**
   * A new version of the tree `base` in which each selected path (relative to `base`) holds
   * exactly the index's content at or under it. Only the trees on the selected paths are read and
   * made; every other subtree keeps its oid. Returns null for a tree left empty.
   */
  async rebuild(base: string | null, selected: Map<string, Map<string, TreeLeaf>>): Promise<string | null> {
    const entries = new Map<string, TreeItem>();
    if (base) for (const e of await this.read(base)) entries.set(e.name, e);
    const deeper = new Map<string, Map<string, Map<string, TreeLeaf>>>();
    for (const [path, leaves] of selected) {
      const slash = path.indexOf('/');
      if (slash >= 0) {
        const name = path.slice(0, slash);
        if (!deeper.has(name)) deeper.set(name, new Map());
        deeper.get(name)!.set(path.slice(slash + 1), leaves);
        continue;
      }
      entries.delete(path);
      const exact = leaves.get('');
      const oid = exact ? exact.oid : this.build(leaves);
      if (oid) {
        const mode = exact ? exact.mode : TREE_MODE;
        entries.set(path, { name: path, mode, oid, isTree: mode === TREE_MODE });
      }
    }
    const subtrees = await Promise.all(
      [...deeper].map(async ([name, sub]) => {
        const existing = entries.get(name);
        return [name, await this.rebuild(existing?.isTree ? existing.oid : null, sub)] as const;
      }),
    );
    for (const [name, oid] of subtrees) {
      if (oid) entries.set(name, { name, mode: TREE_MODE, oid, isTree: true });
      else entries.delete(name);
    }
    if (entries.size === 0) return null;
    return this.store([...entries.values()]);
  }
}

async function inHeadTree(repo: GitRepo, headTree: string | null, path: string): Promise<boolean> {
  let tree = headTree;
  const names = path.split('/');
  for (let i = 0; tree; i++) {
    let items;
    try {
      items = parseTree(await readTyped(repo, tree, 'tree'));
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    const found = items.find((e) => e.name === names[i]);
    if (!found) return false;
    if (i === names.length - 1) return true;
    tree = found.mode === TREE_MODE || found.mode === '040000' ? found.oid : null;
  }
  return false;
}

function commitTree(content: Buffer): string {
  const tree = /^tree ([0-9a-f]{40})$/m.exec(content.toString('latin1', 0, 64))?.[1];
  if (!tree) throw new Error('damaged commit object: no tree');
  return tree;
}

/** git's "+hhmm" for a JavaScript time-zone offset (minutes west of UTC). */
function timezone(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${offsetMinutes > 0 ? '-' : '+'}${hh}${mm}`;
}

/** The commit object, as isomorphic-git's commit renders it (message without CRs, one final newline). */
function commitObject(tree: string, parents: string[], author: GitIdentity, message: string): NewObject {
  const now = new Date();
  const who = `${author.name} <${author.email}> ${Math.floor(now.getTime() / 1000)} ${timezone(now.getTimezoneOffset())}`;
  const text = message.replace(/\r/g, '').replace(/^\n+/, '').replace(/\n+$/, '');
  const headers = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`), `author ${who}`, `committer ${who}`];
  return newObject('commit', Buffer.from(`${headers.join('\n')}\n\n${text}\n`));
}

/** The file HEAD's branch lives in (refs/heads/<name>), or HEAD itself when detached. */
async function headRefFile(repo: GitRepo): Promise<string> {
  const head = (await readFile(join(repo.gitdir, 'HEAD'), 'utf8')).trim();
  if (!head.startsWith('ref:')) return join(repo.gitdir, 'HEAD');
  const ref = head.slice(4).trim();
  const parts = ref.split('/');
  if (parts[0] !== 'refs' || parts.some((p) => !p || p === '.' || p === '..' || /[\0\\:]/.test(p)))
    throw new ApiFailure('invalid', `HEAD points at "${ref}", which is not a branch this can commit to.`);
  return join(repo.gitdir, ...parts);
}

/**
 * Commits exactly the given repository paths, like `git commit -- <paths>`: each is staged (added,
 * or removed when gone from the working copy) and the new tree is HEAD's tree with only those
 * paths replaced, so anything else staged meanwhile stays staged and out of this commit.
 *
 * git's index.lock is taken first, so nothing is written while another git process works. The
 * index, the new blobs, trees and the commit are worked out in memory; then the objects are
 * stored durably (writeLooseObjects), then the index is replaced, and last the branch moves: a
 * crash before that leaves HEAD where it was, with every object it may reach intact, and at worst
 * the files staged.
 */
export async function commitPaths(
  repo: GitRepo,
  paths: string[],
  message: string,
  author: GitIdentity,
): Promise<string> {
  const indexPath = join(repo.gitdir, 'index');
  await repo.fs.holdIndexLock();
  try {
    const selection = new Selection(paths);
    const head = await headOid(repo);
    const headTree = head ? commitTree(await readTyped(repo, head, 'commit')) : null;
    const before = (await readIndex(indexPath, true)) ?? [];
    let staged = await stageInMemory(repo, selection, before, headTree);
    if (!staged) {
      await stageWithIsomorphicGit(repo, selection, headTree);
      staged = { entries: (await readIndex(indexPath, true)) ?? [], blobs: [], changed: false };
    }
    const unmerged = staged.entries.find((e) => e.stage !== 0);
    if (unmerged)
      throw new ApiFailure(
        'conflict',
        `"${unmerged.path}" has an unresolved merge conflict. Resolve it with the git command line, then commit again.`,
      );

    const changes = new Map<string, Map<string, TreeLeaf>>(selection.paths.map((p) => [p, new Map()]));
    for (const [p, leaf] of stagedUnder(staged.entries, selection)) {
      const by = selection.covering(p)!;
      changes.get(by)!.set(p === by ? '' : p.slice(by.length + 1), leaf);
    }
    const trees = new Trees(repo);
    const tree = (await trees.rebuild(headTree, changes)) ?? trees.store([]);
    const nothing = (headTree ?? (head ? null : EMPTY_TREE)) === tree;
    const commit = nothing ? null : commitObject(tree, head ? [head] : [], author, message);
    const refFile = commit ? await headRefFile(repo) : null;
    // Every file's content is written and synced at once: the new objects, the index (into
    // index.lock) and the branch (into its lock). Then they take their places in order: the
    // objects (their folders synced), the index, and last the branch, the commit point.
    const prepared = await Promise.allSettled([
      writeLooseObjects(repo, [...staged.blobs, ...(commit ? [...trees.objects, commit] : [])]),
      staged.changed ? repo.fs.prepareLockedWrite(indexPath, encodeIndex(staged.entries)) : null,
      commit && refFile ? repo.fs.prepareLockedWrite(refFile, `${commit.oid}\n`) : null,
    ]);
    const [, indexWrite, refWrite] = prepared.map((p) => (p.status === 'fulfilled' ? p.value : null));
    try {
      const failed = prepared.find((p) => p.status === 'rejected');
      if (failed) throw failed.reason;
      await indexWrite?.commit();
      if (!commit || !refWrite)
        throw new ApiFailure(
          'invalid',
          'Nothing to commit: the selected files have no changes against HEAD.',
        );
      await refWrite.commit();
      return commit.oid;
    } catch (err) {
      await refWrite?.abort();
      throw err;
    }
  } finally {
    await repo.fs.releaseIndexLock();
  }
}
