import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import { listCommitTree } from './repo-files';
import { dirtyTrackedPaths, untrackedPaths } from './status';
import type { GitRepo } from './git-repo';

function base(repo: GitRepo) {
  return { fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, cache: repo.cache };
}

export async function currentBranch(repo: GitRepo): Promise<string | null> {
  return (await git.currentBranch({ ...base(repo), fullname: false })) ?? null;
}

export async function listBranches(repo: GitRepo): Promise<{ current: string | null; branches: string[] }> {
  return { current: await currentBranch(repo), branches: (await git.listBranches(base(repo))).sort() };
}

/**
 * Refuses, before touching anything, when switching would overwrite work that exists nowhere
 * else: uncommitted edits to tracked files, or untracked files the target branch would replace.
 */
export async function assertCleanFor(repo: GitRepo, targetOid: string, action: string): Promise<void> {
  const dirty = await dirtyTrackedPaths(repo);
  if (dirty.length > 0) {
    throw new ApiFailure(
      'dirty-worktree',
      `Cannot ${action}: ${dirty.length} file(s) have uncommitted changes (${dirty.slice(0, 5).join(', ')}${dirty.length > 5 ? ', …' : ''}). Commit or discard them first.`,
      dirty,
    );
  }
  const targetFiles = new Set((await listCommitTree(repo, targetOid, '')).map((f) => f.path));
  const clobbered = (await untrackedPaths(repo)).filter((p) => targetFiles.has(p));
  if (clobbered.length > 0) {
    throw new ApiFailure(
      'dirty-worktree',
      `Cannot ${action}: untracked file(s) would be overwritten (${clobbered.slice(0, 5).join(', ')}). Move or commit them first.`,
      clobbered,
    );
  }
}

export async function switchBranch(repo: GitRepo, branch: string): Promise<void> {
  const branches = await git.listBranches(base(repo));
  if (!branches.includes(branch)) {
    throw new ApiFailure(
      'not-found',
      `There is no local branch "${branch}". Create it on the command line or pick one of: ${branches.join(', ')}.`,
    );
  }
  if ((await currentBranch(repo)) === branch) return;
  const target = await git.resolveRef({ ...base(repo), ref: branch });
  await assertCleanFor(repo, target, `switch to "${branch}"`);
  await git.checkout({ ...base(repo), ref: branch });
}
