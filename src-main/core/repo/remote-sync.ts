import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { ApiFailure } from '../../../src-shared/errors';
import { assertCleanFor, currentBranch } from './branches';
import { headOid } from './repo-files';
import type { GitRepo } from './git-repo';

export interface Credentials {
  username?: string;
  token: string;
}

function base(repo: GitRepo) {
  return { fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache };
}

export interface Remote {
  name: string;
  url: string;
  branch: string;
}

/**
 * isomorphic-git speaks only smart HTTP(S); file paths, file:// and SSH remotes are refused with
 * the way out instead of failing deep inside the library.
 */
export async function resolveRemote(repo: GitRepo, requested?: string): Promise<Remote> {
  const branch = await currentBranch(repo);
  if (!branch)
    throw new ApiFailure(
      'invalid',
      'HEAD is detached; switch to a branch before fetching, pulling or pushing.',
    );
  const remotes = await git.listRemotes(base(repo));
  const configured = (await git.getConfig({ ...base(repo), path: `branch.${branch}.remote` })) as
    string | undefined;
  const name =
    requested || configured || (remotes.some((r) => r.remote === 'origin') ? 'origin' : remotes[0]?.remote);
  const remote = remotes.find((r) => r.remote === name);
  if (!name || !remote) {
    throw new ApiFailure(
      'not-found',
      requested
        ? `The repository has no remote named "${requested}".`
        : 'The repository has no remote. Add one with "git remote add origin <url>".',
    );
  }
  if (!/^https?:\/\//i.test(remote.url)) {
    throw new ApiFailure(
      'unsupported',
      `Remote "${name}" (${remote.url}) is not an HTTP(S) URL. GitOps Desktop fetches, pulls and pushes over HTTPS only; use the git command line for this remote, or add an HTTPS remote.`,
    );
  }
  return { name, url: remote.url, branch };
}

function authOptions(credentials: Credentials | null) {
  return {
    onAuth: () =>
      credentials
        ? { username: credentials.username || 'git', password: credentials.token }
        : { cancel: true },
    onAuthFailure: () => ({ cancel: true }),
  };
}

function mapRemoteError(err: unknown, remote: Remote): never {
  if (err instanceof ApiFailure) throw err;
  const e = err as { code?: string; data?: { statusCode?: number }; message?: string };
  const status = e.data?.statusCode;
  if (e.code === 'UserCanceledError' || status === 401) {
    throw new ApiFailure(
      'unauthorized',
      `Remote "${remote.name}" asked for credentials. Store a token for this app (repo.setToken) and try again.`,
    );
  }
  if (status === 403)
    throw new ApiFailure(
      'forbidden',
      `Remote "${remote.name}" refused access with this token. Check its permissions.`,
    );
  if (e.code === 'HttpError')
    throw new ApiFailure('git', `Remote "${remote.name}" answered HTTP ${status ?? '?'}: ${e.message ?? ''}`);
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(String(e.message ?? e.code))) {
    throw new ApiFailure(
      'unreachable',
      `Cannot reach remote "${remote.name}" (${remote.url}): ${e.message}. Check the network and the URL.`,
    );
  }
  throw new ApiFailure('git', `Talking to remote "${remote.name}" failed: ${e.message ?? String(err)}`);
}

export async function fetchRemote(
  repo: GitRepo,
  credentials: Credentials | null,
  requested?: string,
): Promise<Remote> {
  const remote = await resolveRemote(repo, requested);
  try {
    await git.fetch({
      ...base(repo),
      http,
      remote: remote.name,
      ref: remote.branch,
      singleBranch: true,
      tags: false,
      ...authOptions(credentials),
    });
  } catch (err) {
    mapRemoteError(err, remote);
  }
  return remote;
}

/** Fetches, then moves the branch only when that is a fast-forward; never creates a merge commit. */
export async function pullFastForward(
  repo: GitRepo,
  credentials: Credentials | null,
  requested?: string,
): Promise<{ head: string; updated: boolean }> {
  const remote = await fetchRemote(repo, credentials, requested);
  const local = await headOid(repo);
  let theirs: string;
  try {
    theirs = await git.resolveRef({ ...base(repo), ref: `refs/remotes/${remote.name}/${remote.branch}` });
  } catch {
    throw new ApiFailure(
      'not-found',
      `Remote "${remote.name}" has no branch "${remote.branch}". Push it first, or switch branches.`,
    );
  }
  if (local === theirs) return { head: theirs, updated: false };
  if (local && (await git.isDescendent({ ...base(repo), oid: local, ancestor: theirs, depth: -1 })))
    return { head: local, updated: false };
  if (local && !(await git.isDescendent({ ...base(repo), oid: theirs, ancestor: local, depth: -1 }))) {
    throw new ApiFailure(
      'conflict',
      `"${remote.branch}" and "${remote.name}/${remote.branch}" have diverged; pull only fast-forwards. Merge or rebase on the command line, then come back.`,
    );
  }
  await assertCleanFor(repo, theirs, `pull "${remote.name}/${remote.branch}"`);
  await git.writeRef({ ...base(repo), ref: `refs/heads/${remote.branch}`, value: theirs, force: true });
  await git.checkout({ ...base(repo), ref: remote.branch });
  return { head: theirs, updated: true };
}

export async function pushBranch(
  repo: GitRepo,
  credentials: Credentials | null,
  requested?: string,
): Promise<boolean> {
  const remote = await resolveRemote(repo, requested);
  let result;
  try {
    result = await git.push({
      ...base(repo),
      http,
      remote: remote.name,
      ref: remote.branch,
      ...authOptions(credentials),
    });
  } catch (err) {
    const e = err as { code?: string; data?: { reason?: string } };
    if (e.code === 'PushRejectedError') {
      throw new ApiFailure(
        'conflict',
        `Remote "${remote.name}" rejected the push: it has commits you do not have. Pull first, then push again.`,
      );
    }
    mapRemoteError(err, remote);
  }
  if (!result.ok)
    throw new ApiFailure('git', `Push to "${remote.name}" failed: ${result.error ?? 'unknown reason'}`);
  return true;
}
