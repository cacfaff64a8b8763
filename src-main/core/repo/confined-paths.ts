import { lstat, realpath } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings } from '../../../src-shared/model';
import { toRepoPath } from './git-repo';

export interface ConfinedPath {
  /** Repository-relative POSIX path. */
  repoPath: string;
  /** Absolute path to read or write (symlinks inside the repository already resolved). */
  absolute: string;
  /** Repository-relative POSIX path of `absolute`: differs from `repoPath` behind a link. */
  resolvedRepoPath: string;
}

function outside(path: string, why: string): ApiFailure {
  return new ApiFailure(
    'outside-repository',
    `"${path}" ${why}. Use a path relative to the app folder, inside the repository.`,
  );
}

/**
 * Checks the shape of an app-relative path before it touches the disk: no absolute paths, no `..`,
 * nothing inside .git. Returns the repository-relative path.
 */
export function checkRelativePath(app: AppSettings, path: string): string {
  if (path.includes('\0')) throw outside(path.replace(/\0/g, '\\0'), 'contains a NUL character');
  const posix = path.replace(/\\/g, '/');
  if (posix.startsWith('/') || /^[a-zA-Z]:/.test(posix)) throw outside(path, 'is absolute');
  const segments = posix.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw outside(path, 'leaves the app folder with ".."');
  if (segments.length === 0) throw outside(path, 'names no file');
  if (segments.some((s) => s.toLowerCase() === '.git'))
    throw outside(path, 'is inside the .git folder, which is not part of the working copy');
  return toRepoPath(app, segments.join('/'));
}

function isWithin(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/**
 * Resolves an app-relative path to a real location inside the working copy. Symlinks are followed
 * (realpath) and must stay inside the repository; for a file that does not exist yet, the nearest
 * existing ancestor is checked instead.
 */
export async function resolveConfined(app: AppSettings, path: string): Promise<ConfinedPath> {
  const repoPath = checkRelativePath(app, path);
  const root = await realpath(app.repoPath);
  const target = join(root, ...repoPath.split('/'));
  let existing = target;
  let rest = '';
  for (;;) {
    try {
      await lstat(existing);
      break;
    } catch {
      rest = rest ? join(existingBase(existing), rest) : existingBase(existing);
      existing = dirname(existing);
    }
  }
  let real: string;
  try {
    real = await realpath(existing);
  } catch {
    throw outside(path, 'is a broken symbolic link');
  }
  const absolute = rest ? join(real, rest) : real;
  if (!isWithin(root, absolute))
    throw outside(path, 'resolves (through a symbolic link) outside the repository');
  const relativeToRoot = relative(root, absolute).split(sep);
  if (relativeToRoot.some((s) => s.toLowerCase() === '.git'))
    throw outside(path, 'resolves into the .git folder');
  return { repoPath, absolute, resolvedRepoPath: relativeToRoot.join('/') };
}

function existingBase(p: string): string {
  return p.slice(dirname(p).length).replace(/^[/\\]+/, '');
}
