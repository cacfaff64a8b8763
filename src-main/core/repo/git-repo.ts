import * as fs from 'node:fs';
import { join } from 'node:path';
import type { AppSettings } from '../../../src-shared/model';

/** What every isomorphic-git call needs. A fresh cache per operation: the CLI may repack meanwhile. */
export interface GitRepo {
  fs: typeof fs;
  dir: string;
  gitdir: string;
  cache: object;
}

export function gitRepo(dir: string): GitRepo {
  return { fs, dir, gitdir: join(dir, '.git'), cache: {} };
}

export function repoOf(app: AppSettings): GitRepo {
  return gitRepo(app.repoPath);
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
