import git from 'isomorphic-git';
import type { AppSettings, FileChange, FileChangeKind } from '../../../src-shared/model';
import { toAppPath, type GitRepo } from './git-repo';
import { WORKTREE_TEMP } from './stale-files';
import { fastStatusRows, TreeCache } from './fast-status';
import { StatusCache } from './status-cache';

type Row = [string, 0 | 1, 0 | 1 | 2, 0 | 1 | 2 | 3];

/**
 * Maps one statusMatrix row (HEAD, WORKDIR, STAGE) to what the user sees. `staged` means the index
 * differs from HEAD for that path, as `git status` "Changes to be committed".
 */
export function describeRow([, head, workdir, stage]: Row): {
  change: FileChangeKind;
  staged: boolean;
} | null {
  const staged = head === 0 ? stage !== 0 : stage !== 1;
  if (head === 0) {
    if (stage === 0) return workdir === 0 ? null : { change: 'untracked', staged: false };
    return { change: 'added', staged: true };
  }
  if (stage === 0) return { change: 'deleted', staged: true };
  if (workdir === 0) return { change: 'deleted', staged };
  if (workdir === 1 && stage === 1) return null;
  return { change: 'modified', staged };
}

/** Raw statusMatrix rows for the app folder (ignored files excluded, as git status does). */
export async function statusRows(repo: GitRepo, app: AppSettings): Promise<Row[]> {
  return (await git.statusMatrix({
    fs: repo.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    cache: repo.cache,
    ...(app.appPath ? { filepaths: [app.appPath] } : {}),
  })) as Row[];
}

/** The app folder's changes; `trees` keeps HEAD's side between calls (see fast-status.ts). */
export async function appStatus(
  repo: GitRepo,
  app: AppSettings,
  trees: TreeCache = new TreeCache(),
  cache: StatusCache = new StatusCache(),
): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const row of await fastStatusRows(repo, trees, app.appPath, isWorktreeTemp, cache)) {
    // The temp file of a save in flight (or of one a crash cut short) is not the user's change.
    if (row[1] === 0 && row[3] === 0 && isWorktreeTemp(row[0])) continue;
    const described = describeRow(row);
    const path = toAppPath(app, row[0]);
    if (described && path !== null) changes.push({ path, ...described });
  }
  return changes;
}

export function isWorktreeTemp(path: string): boolean {
  return WORKTREE_TEMP.test(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * The whole repository's rows, from the index's stat data (as git status), so a check before a
 * revert, restore or branch switch costs what a status does and sees a mode change too.
 */
async function repoRows(repo: GitRepo): Promise<Row[]> {
  return (await fastStatusRows(repo, new TreeCache(), '', isWorktreeTemp)) as Row[];
}

/** Repository paths whose working copy or index differs from HEAD (untracked files excluded). */
export async function dirtyTrackedPaths(repo: GitRepo): Promise<string[]> {
  return (await repoRows(repo))
    .filter(
      ([, head, workdir, stage]) =>
        !(head === 0 && stage === 0) && !(head === 1 && workdir === 1 && stage === 1),
    )
    .map((r) => r[0]);
}

/** Untracked, non-ignored files of the whole repository. */
export async function untrackedPaths(repo: GitRepo): Promise<string[]> {
  return (await repoRows(repo))
    .filter(
      ([path, head, workdir, stage]) => head === 0 && stage === 0 && workdir === 2 && !isWorktreeTemp(path),
    )
    .map((r) => r[0]);
}
