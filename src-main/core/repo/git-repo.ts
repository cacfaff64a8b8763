import { join } from 'node:path';
import type { AppSettings } from '../../../src-shared/model';
import { GitFs } from './git-fs';

/**
 * What every isomorphic-git call needs. A fresh cache per operation: the CLI may repack meanwhile.
 * `fs` writes .git crash-safely (see git-fs.ts).
 */
export interface GitRepo {
  fs: GitFs;
  dir: string;
  gitdir: string;
  cache: object;
}

export function gitRepo(dir: string, cache: object = {}): GitRepo {
  const gitdir = join(dir, '.git');
  return { fs: new GitFs(gitdir), dir, gitdir, cache };
}

export function repoOf(app: AppSettings, cache?: object): GitRepo {
  return gitRepo(app.repoPath, cache);
}

/** Repository-relative POSIX path of an app-relative path ('' = the app folder itself). */
export function toRepoPath(app: AppSettings, appRelative: string): string {
  if (!app.appPath) return appRelative;
  return appRelative ? `${app.appPath}/${appRelative}` : app.appPath;
}

/** App-relative path of a repository path, or null when it lies outside the app folder. */
export function toAppPath(app: AppSettings, repoRelative: string): string | null {
  if (!app.appPath) return repoRelative;
  if (repoRelative === app.appPath) return '';
  return repoRelative.startsWith(`${app.appPath}/`) ? repoRelative.slice(app.appPath.length + 1) : null;
}

export function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'NotFoundError' || code === 'ENOENT';
}
