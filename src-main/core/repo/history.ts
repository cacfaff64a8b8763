import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import type { CommitFileChange, CommitInfo, CommitPage } from '../../../src-shared/model';
import { headOid } from './repo-files';
import { isNotFound, type GitRepo } from './git-repo';

type ReadCommit = Awaited<ReturnType<typeof git.readCommit>>;

function base(repo: GitRepo) {
  return { fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache };
}

export async function readCommitOrFail(repo: GitRepo, oid: string): Promise<ReadCommit> {
  try {
    return await git.readCommit({ ...base(repo), oid });
  } catch (err) {
    if (isNotFound(err) || (err as { code?: string }).code === 'ObjectTypeError') {
      throw new ApiFailure('not-found', `Commit ${oid} is not in this repository. Refresh the history.`);
    }
    throw err;
  }
}

/** The oid of the tree or blob at `path` in a tree ('' = the tree itself), or null when absent. */
export async function entryAt(repo: GitRepo, treeOid: string, path: string): Promise<string | null> {
  if (!path) return treeOid;
  const slash = path.lastIndexOf('/');
  const parent = slash === -1 ? '' : path.slice(0, slash);
  const name = path.slice(slash + 1);
  try {
    const { tree } = await git.readTree({
      ...base(repo),
      oid: treeOid,
      ...(parent ? { filepath: parent } : {}),
    });
    return tree.find((e) => e.path === name)?.oid ?? null;
  } catch (err) {
    if (isNotFound(err) || (err as { code?: string }).code === 'ObjectTypeError') return null;
    throw err;
  }
}

function toInfo(c: ReadCommit): CommitInfo {
  return {
    oid: c.oid,
    message: c.commit.message,
    author: {
      name: c.commit.author.name,
      email: c.commit.author.email,
      timestamp: c.commit.author.timestamp,
    },
    parents: c.commit.parent,
  };
}

/**
 * Commits newest first (by committer date, as `git log`), optionally only those that change
 * `path` (repository-relative; a file or folder): a commit is shown when it differs there from
 * every parent, like git's default history simplification. The cursor is the last oid of the
 * previous page; walking again from HEAD keeps the order stable across merges.
 */
export async function logPage(
  repo: GitRepo,
  opts: { path?: string; limit: number; cursor?: string },
): Promise<CommitPage> {
  const head = await headOid(repo);
  if (!head) return { commits: [] };
  const seen = new Set<string>([head]);
  const queue: ReadCommit[] = [await readCommitOrFail(repo, head)];
  const commits: CommitInfo[] = [];
  let skipping = opts.cursor !== undefined;
  while (queue.length > 0) {
    queue.sort(
      (a, b) => b.commit.committer.timestamp - a.commit.committer.timestamp || (a.oid < b.oid ? -1 : 1),
    );
    const current = queue.shift()!;
    for (const parent of current.commit.parent) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      try {
        queue.push(await git.readCommit({ ...base(repo), oid: parent }));
      } catch (err) {
        if (!isNotFound(err)) throw err; // shallow clones end here
      }
    }
    if (skipping) {
      if (current.oid === opts.cursor) skipping = false;
      continue;
    }
    if (opts.path !== undefined && !(await touches(repo, current, opts.path))) continue;
    if (commits.length === opts.limit) return { commits, next: commits[commits.length - 1]!.oid };
    commits.push(toInfo(current));
  }
  return { commits };
}

async function touches(repo: GitRepo, commit: ReadCommit, path: string): Promise<boolean> {
  const mine = await entryAt(repo, commit.commit.tree, path);
  if (commit.commit.parent.length === 0) return mine !== null;
  for (const parent of commit.commit.parent) {
    let parentTree: string;
    try {
      parentTree = (await git.readCommit({ ...base(repo), oid: parent })).commit.tree;
    } catch {
      return mine !== null;
    }
    if ((await entryAt(repo, parentTree, path)) === mine) return false;
  }
  return true;
}

/** Files that differ between two trees (either may be null = empty), repository-relative. */
export async function diffTrees(
  repo: GitRepo,
  before: string | null,
  after: string | null,
): Promise<CommitFileChange[]> {
  const changes: CommitFileChange[] = [];
  const trees = [before ? git.TREE({ ref: before }) : null, after ? git.TREE({ ref: after }) : null];
  if (!before && !after) return changes;
  await git.walk({
    ...base(repo),
    trees: trees.filter((t): t is NonNullable<typeof t> => t !== null),
    map: async (path, entries) => {
      if (path === '.') return true;
      const [a, b] = before && after ? entries : before ? [entries[0], null] : [null, entries[0]];
      const typeA = a ? await a.type() : null;
      const typeB = b ? await b.type() : null;
      if (typeA === 'tree' || typeB === 'tree') {
        // A file replaced by a folder (or back) counts as the file's deletion/addition.
        if (typeA === 'blob') changes.push({ path, change: 'deleted' });
        if (typeB === 'blob') changes.push({ path, change: 'added' });
        return true;
      }
      const oidA = a && typeA === 'blob' ? await a.oid() : null;
      const oidB = b && typeB === 'blob' ? await b.oid() : null;
      if (oidA === oidB) return true;
      const modeSame = a && b ? (await a.mode()) === (await b.mode()) : false;
      if (!oidA) changes.push({ path, change: 'added' });
      else if (!oidB) changes.push({ path, change: 'deleted' });
      else if (oidA !== oidB || !modeSame) changes.push({ path, change: 'modified' });
      return true;
    },
  });
  // walk visits siblings concurrently, so the order it reports in is not stable.
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** What a commit changed compared with its first parent (everything, for a root commit). */
export async function commitChanges(repo: GitRepo, oid: string): Promise<CommitFileChange[]> {
  const commit = await readCommitOrFail(repo, oid);
  const parent = commit.commit.parent[0] ?? null;
  return diffTrees(repo, parent, oid);
}
