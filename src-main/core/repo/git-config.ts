import git from 'isomorphic-git';
import type { GitRepo } from './git-repo';

/** One setting of the repository's config, or undefined when unset or unreadable. */
export async function configValue(repo: GitRepo, path: string): Promise<unknown> {
  return git.getConfig({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, path }).catch(() => undefined);
}

/** git's false for a boolean setting: false, no, off, 0, or an empty value. */
export function isGitFalse(value: unknown): boolean {
  return value === false || /^(false|no|off|0|)$/i.test(String(value).trim());
}

/** Whether the executable bit counts (core.fileMode; off where the file system has none). */
export function execBitCounts(fileMode: unknown): boolean {
  return process.platform !== 'win32' && (fileMode === undefined || !isGitFalse(fileMode));
}
