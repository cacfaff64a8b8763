import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import type { GitIdentity } from '../../../src-shared/model';
import { readIndex } from './git-index';
import { headOid } from './repo-files';
import { isNotFound, type GitRepo } from './git-repo';

export interface TreeLeaf {
  mode: string;
  oid: string;
}

type TreeEntry = { mode: string; path: string; oid: string; type: 'blob' | 'tree' | 'commit' };

async function existsInWorktree(repo: GitRepo, path: string): Promise<boolean> {
  try {
    await lstat(join(repo.dir, ...path.split('/')));
    return true;
  } catch {
    return false;
  }
}

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

/** Index entries at or under the selected paths (read directly: no tree is built from the index). */
async function stagedUnder(repo: GitRepo, selected: Selection): Promise<Map<string, TreeLeaf>> {
  const leaves = new Map<string, TreeLeaf>();
  for (const entry of (await readIndex(join(repo.gitdir, 'index'))) ?? []) {
    if (entry.stage !== 0 || selected.covering(entry.path) === undefined) continue;
    leaves.set(entry.path, { mode: entry.mode.toString(8).padStart(6, '0'), oid: entry.oid });
  }
  return leaves;
}

async function writeTree(repo: GitRepo, tree: TreeEntry[]): Promise<string> {
  return git.writeTree({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, tree });
}

function typeOfMode(mode: string): TreeEntry['type'] {
  if (mode === '040000') return 'tree';
  return mode === '160000' ? 'commit' : 'blob';
}

/** Writes nested tree objects bottom-up for a flat (relative path -> leaf) map; null when empty. */
async function writeTrees(repo: GitRepo, leaves: Map<string, TreeLeaf>): Promise<string | null> {
  if (leaves.size === 0) return null;
  const files: TreeEntry[] = [];
  const dirs = new Map<string, Map<string, TreeLeaf>>();
  for (const [path, leaf] of leaves) {
    const slash = path.indexOf('/');
    if (slash < 0) {
      files.push({ mode: leaf.mode, path, oid: leaf.oid, type: typeOfMode(leaf.mode) });
      continue;
    }
    const name = path.slice(0, slash);
    if (!dirs.has(name)) dirs.set(name, new Map());
    dirs.get(name)!.set(path.slice(slash + 1), leaf);
  }
  for (const [name, sub] of dirs) {
    const oid = await writeTrees(repo, sub);
    if (oid) files.push({ mode: '040000', path: name, oid, type: 'tree' });
  }
  return writeTree(repo, files);
}

/**
 * A new version of the tree `base` in which each selected path (relative to `base`) holds exactly
 * the index's content at or under it. Only the trees on the selected paths are read and written;
 * every other subtree keeps its oid. Returns null for a tree left empty.
 */
async function rebuildTree(
  repo: GitRepo,
  base: string | null,
  selected: Map<string, Map<string, TreeLeaf>>,
): Promise<string | null> {
  const entries = new Map<string, TreeEntry>();
  if (base) {
    const { tree } = await git.readTree({
      fs: repo.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid: base,
      cache: repo.cache,
    });
    for (const e of tree) entries.set(e.path, { ...e });
  }
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
    if (exact) {
      entries.set(path, { mode: exact.mode, path, oid: exact.oid, type: typeOfMode(exact.mode) });
    } else {
      const oid = await writeTrees(repo, leaves);
      if (oid) entries.set(path, { mode: '040000', path, oid, type: 'tree' });
    }
  }
  for (const [name, sub] of deeper) {
    const existing = entries.get(name);
    const oid = await rebuildTree(repo, existing?.type === 'tree' ? existing.oid : null, sub);
    if (oid) entries.set(name, { mode: '040000', path: name, oid, type: 'tree' });
    else entries.delete(name);
  }
  if (entries.size === 0) return null;
  return writeTree(repo, [...entries.values()]);
}

async function inHeadTree(repo: GitRepo, headTree: string | null, path: string): Promise<boolean> {
  if (!headTree) return false;
  try {
    await git.readTree({
      fs: repo.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid: headTree,
      filepath: path,
      cache: repo.cache,
    });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'ObjectTypeError') return true; // a file, not a folder
    if (isNotFound(err)) return false;
    throw err;
  }
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * Commits exactly the given repository paths, like `git commit -- <paths>`: each is staged (added,
 * or removed when gone from the working copy) and the new tree is HEAD's tree with only those
 * paths replaced, so anything else staged meanwhile stays staged and out of this commit.
 *
 * git's index.lock is taken first, so nothing is written while another git process works, and
 * the index is rewritten at most twice (removals, then additions), whatever the number of paths.
 */
export async function commitPaths(
  repo: GitRepo,
  paths: string[],
  message: string,
  author: GitIdentity,
): Promise<string> {
  const base = { fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache };
  await repo.fs.holdIndexLock();
  try {
    const selection = new Selection(paths);
    const selected = selection.paths;
    const head = await headOid(repo);
    const headTree = head ? (await git.readCommit({ ...base, oid: head })).commit.tree : null;
    const before = await stagedUnder(repo, selection);
    const stagedBy = new Map<string, string[]>();
    for (const p of before.keys()) {
      const by = selection.covering(p)!;
      if (!stagedBy.has(by)) stagedBy.set(by, []);
      stagedBy.get(by)!.push(p);
    }
    const toAdd: string[] = [];
    const toRemove: string[] = [];
    for (const path of selected) {
      if (await existsInWorktree(repo, path)) {
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

    const changes = new Map<string, Map<string, TreeLeaf>>(selected.map((p) => [p, new Map()]));
    for (const [p, leaf] of await stagedUnder(repo, selection)) {
      const by = selection.covering(p)!;
      changes.get(by)!.set(p === by ? '' : p.slice(by.length + 1), leaf);
    }
    const tree = (await rebuildTree(repo, headTree, changes)) ?? (await writeTree(repo, []));
    if ((headTree ?? (head ? null : EMPTY_TREE)) === tree)
      throw new ApiFailure('invalid', 'Nothing to commit: the selected files have no changes against HEAD.');
    const now = Math.floor(Date.now() / 1000);
    const who = { ...author, timestamp: now, timezoneOffset: new Date().getTimezoneOffset() };
    return await git.commit({ ...base, message, author: who, committer: who, tree });
  } finally {
    await repo.fs.releaseIndexLock();
  }
}
