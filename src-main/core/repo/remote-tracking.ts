import git from 'isomorphic-git';
import type { RemoteTracking } from '../../../src-shared/model';
import { ApiFailure } from '../../../src-shared/errors';
import { isNotFound, type GitRepo } from './git-repo';
import { headOid } from './repo-files';
import { resolveRemote } from './remote-sync';

/** How far back ahead/behind are counted; past that the count says "at least". */
const MAX_WALK = 5000;

function base(repo: GitRepo) {
  return { fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache };
}

async function ancestors(repo: GitRepo, oid: string): Promise<string[]> {
  const log = await git.log({ ...base(repo), ref: oid, depth: MAX_WALK });
  return log.map((c) => c.oid);
}

/** Commits on `from` that `to` does not have. */
function countMissing(from: string[], to: Set<string>): number {
  return from.filter((oid) => !to.has(oid)).length;
}

export interface RemoteHead {
  remote: string;
  url: string;
  branch: string;
  /** The remote-tracking ref's commit, as of the last fetch; null before any fetch. */
  oid: string | null;
}

/** The branch's remote and what the last fetch saw of it, without talking to the network. */
export async function remoteHead(repo: GitRepo): Promise<RemoteHead> {
  const remote = await resolveRemote(repo);
  let oid: string | null = null;
  try {
    oid = await git.resolveRef({ ...base(repo), ref: `refs/remotes/${remote.name}/${remote.branch}` });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return { remote: remote.name, url: remote.url, branch: remote.branch, oid };
}

/** Ahead/behind of the local branch against its remote-tracking ref, as `git status -sb` says it. */
export async function remoteTracking(repo: GitRepo): Promise<RemoteTracking> {
  let head: RemoteHead;
  try {
    head = await remoteHead(repo);
  } catch (err) {
    if (err instanceof ApiFailure) return { branch: null, ahead: 0, behind: 0, problem: err.message };
    throw err;
  }
  const local = await headOid(repo);
  if (!local || !head.oid) {
    return {
      remote: head.remote,
      branch: head.branch,
      ahead: 0,
      behind: 0,
      ...(head.oid ? {} : { problem: `Nothing fetched from ${head.remote} yet.` }),
    };
  }
  if (local === head.oid) return { remote: head.remote, branch: head.branch, ahead: 0, behind: 0 };
  const [mine, theirs] = await Promise.all([ancestors(repo, local), ancestors(repo, head.oid)]);
  return {
    remote: head.remote,
    branch: head.branch,
    ahead: countMissing(mine, new Set(theirs)),
    behind: countMissing(theirs, new Set(mine)),
  };
}
