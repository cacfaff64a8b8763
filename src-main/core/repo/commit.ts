import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import type { GitIdentity } from '../../../src-shared/model';
import { headOid } from './repo-files';
import type { GitRepo } from './git-repo';

interface TreeLeaf {
  mode: string;
  oid: string;
}

async function existsInWorktree(repo: GitRepo, path: string): Promise<boolean> {
  try {
    await lstat(join(repo.dir, ...path.split('/')));
    return true;
  } catch {
    return false;
  }
}

function isSelected(path: string, selected: string[]): boolean {
  return selected.some((s) => path === s || path.startsWith(`${s}/`));
}

async function flatTree(repo: GitRepo, ref: string | null, stage: boolean): Promise<Map<string, TreeLeaf>> {
  const leaves = new Map<string, TreeLeaf>();
  if (!stage && !ref) return leaves;
  await git.walk({
    fs: repo.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    cache: repo.cache,
    trees: [stage ? git.STAGE() : git.TREE({ ref: ref! })],
    map: async (path, [entry]) => {
      if (!entry || path === '.') return true;
      const type = await entry.type();
      if (type === 'tree') return true;
      leaves.set(path, { mode: (await entry.mode()).toString(8).padStart(6, '0'), oid: await entry.oid() });
      return true;
    },
  });
  return leaves;
}

/** Writes nested tree objects bottom-up for a flat path -> blob map; returns the root tree oid. */
async function writeTrees(repo: GitRepo, leaves: Map<string, TreeLeaf>): Promise<string> {
  interface Dir {
    files: Map<string, TreeLeaf>;
    dirs: Map<string, Dir>;
  }
  const root: Dir = { files: new Map(), dirs: new Map() };
  for (const [path, leaf] of leaves) {
    const parts = path.split('/');
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let next = dir.dirs.get(part);
      if (!next) dir.dirs.set(part, (next = { files: new Map(), dirs: new Map() }));
      dir = next;
    }
    dir.files.set(parts[parts.length - 1]!, leaf);
  }
  const write = async (dir: Dir): Promise<string> => {
    const tree: { mode: string; path: string; oid: string; type: 'blob' | 'tree' | 'commit' }[] = [];
    for (const [name, sub] of dir.dirs)
      tree.push({ mode: '040000', path: name, oid: await write(sub), type: 'tree' });
    for (const [name, leaf] of dir.files)
      tree.push({
        mode: leaf.mode,
        path: name,
        oid: leaf.oid,
        type: leaf.mode === '160000' ? 'commit' : 'blob',
      });
    return git.writeTree({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, tree });
  };
  return write(root);
}

/**
 * Commits exactly the given repository paths, like `git commit -- <paths>`: each is staged (added,
 * or removed when gone from the working copy) and the new tree is HEAD's tree with only those
 * paths replaced, so anything else staged meanwhile stays staged and out of this commit.
 */
export async function commitPaths(
  repo: GitRepo,
  paths: string[],
  message: string,
  author: GitIdentity,
): Promise<string> {
  const base = { fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache };
  const head = await headOid(repo);
  const headLeaves = await flatTree(repo, head, false);
  for (const path of paths) {
    if (await existsInWorktree(repo, path)) {
      await git.add({ ...base, filepath: path });
    } else {
      const staged = await flatTree(repo, null, true);
      const known = [...staged.keys(), ...headLeaves.keys()].some((p) => isSelected(p, [path]));
      if (!known)
        throw new ApiFailure(
          'not-found',
          `"${path}" is neither in the working copy nor in the repository. Refresh the file list.`,
        );
      for (const p of staged.keys()) {
        if (isSelected(p, [path])) await git.remove({ ...base, filepath: p });
      }
    }
  }
  const stage = await flatTree(repo, null, true);
  const next = new Map([...headLeaves].filter(([p]) => !isSelected(p, paths)));
  for (const [p, leaf] of stage) {
    if (isSelected(p, paths)) next.set(p, leaf);
  }
  const tree = await writeTrees(repo, next);
  if (head) {
    const { commit } = await git.readCommit({ ...base, oid: head });
    if (commit.tree === tree)
      throw new ApiFailure('invalid', 'Nothing to commit: the selected files have no changes against HEAD.');
  }
  const now = Math.floor(Date.now() / 1000);
  const who = { ...author, timestamp: now, timezoneOffset: new Date().getTimezoneOffset() };
  return git.commit({ ...base, message, author: who, committer: who, tree });
}
