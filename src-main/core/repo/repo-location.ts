import * as fs from 'node:fs';
import { access, open, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';

export interface RepoLocation {
  /** Real path of the working copy root. */
  repoPath: string;
  /** Folder of the given path inside the repository, POSIX separators, '' = root. */
  subPath: string;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Finds the repository holding `path` and checks that GitOps Desktop can work with it. */
export async function locateRepository(path: string): Promise<RepoLocation> {
  if (!isAbsolute(path))
    throw new ApiFailure('invalid', `"${path}" is not an absolute path. Choose the folder with the picker.`);
  let real: string;
  try {
    real = await realpath(path);
    if (!(await stat(real)).isDirectory())
      throw new ApiFailure(
        'invalid',
        `"${path}" is a file, not a folder. Choose the folder holding your manifests.`,
      );
  } catch (err) {
    if (err instanceof ApiFailure) throw err;
    throw new ApiFailure('not-found', `The folder "${path}" does not exist. Check the path.`);
  }
  let root: string | null = null;
  for (let dir = real; ; dir = dirname(dir)) {
    if (await exists(join(dir, '.git'))) {
      root = dir;
      break;
    }
    if (await looksBare(dir))
      throw unsupported(
        `"${dir}" is a bare repository (it has no working copy). Clone it into a folder and open that clone.`,
      );
    if (dirname(dir) === dir) break;
  }
  if (!root) {
    throw new ApiFailure(
      'not-a-repository',
      `"${path}" is not inside a git repository. Initialise one there (apps.initRepository) or choose a folder inside a repository.`,
      { path: real },
    );
  }
  await assertSupported(root);
  return { repoPath: root, subPath: relative(root, real).split(sep).join('/') };
}

async function looksBare(dir: string): Promise<boolean> {
  if (
    !(await exists(join(dir, 'HEAD'))) ||
    !(await exists(join(dir, 'objects'))) ||
    !(await exists(join(dir, 'refs')))
  )
    return false;
  try {
    const config = await readFile(join(dir, 'config'), 'utf8');
    return /^\s*bare\s*=\s*true\s*$/im.test(config);
  } catch {
    return false;
  }
}

function unsupported(message: string): ApiFailure {
  return new ApiFailure('unsupported', message);
}

/** Refuses the repository shapes isomorphic-git would misread or corrupt, with the way out. */
export async function assertSupported(root: string): Promise<void> {
  const gitdir = join(root, '.git');
  // git accepts true/yes/on/1 for booleans; isomorphic-git returns them as written.
  const config = async (path: string) =>
    /^(true|yes|on|1)$/i.test(String((await git.getConfig({ fs, dir: root, path })) ?? ''));
  const inProgress: [string, string][] = [
    ['MERGE_HEAD', 'a merge is in progress'],
    ['rebase-merge', 'a rebase is in progress'],
    ['rebase-apply', 'a rebase or "git am" is in progress'],
    ['CHERRY_PICK_HEAD', 'a cherry-pick is in progress'],
    ['REVERT_HEAD', 'a revert is in progress'],
  ];
  // Every request and every manifest load passes here: the checks are read all at once, not one
  // after another (a save waited for a dozen file-system round trips), and judged in this order.
  const isDir = stat(gitdir).then((s) => s.isDirectory());
  const checks = Promise.all([
    config('core.bare'),
    config('feature.manyFiles'),
    config('index.skipHash'),
    readIndexVersion(join(gitdir, 'index')),
    Promise.all(inProgress.map(([marker]) => exists(join(gitdir, marker)))),
  ]);
  // The .git check decides alone (a missing .git fails the stat); the rest must not go unhandled.
  checks.catch(() => undefined);
  if (!(await isDir)) {
    throw unsupported(
      `"${root}" is a linked worktree or submodule (.git is a file). Open the main clone of the repository instead.`,
    );
  }
  const [bare, manyFiles, skipHash, indexVersion, markers] = await checks;
  if (bare)
    throw unsupported(
      `"${root}" is configured as a bare repository (core.bare = true). Open a normal clone instead.`,
    );
  const tooNew =
    'Run "git config --unset feature.manyFiles; git config index.version 2; git config index.skipHash false; git update-index --index-version 2 --no-skip-hash" in the repository, then open it again.';
  if (manyFiles)
    throw unsupported(
      `"${root}" uses feature.manyFiles (index version 4 and index.skipHash), which GitOps Desktop cannot read. ${tooNew}`,
    );
  if (skipHash)
    throw unsupported(`"${root}" uses index.skipHash, which GitOps Desktop cannot read. ${tooNew}`);
  if (indexVersion !== null && indexVersion !== 2 && indexVersion !== 3) {
    throw unsupported(
      `"${root}" has a version ${indexVersion} index, which GitOps Desktop cannot read. ${tooNew}`,
    );
  }
  const found = inProgress.find((_, i) => markers[i]);
  if (found) {
    throw unsupported(
      `In "${root}" ${found[1]}. Finish or abort it with the git command line, then open the repository again.`,
    );
  }
}

async function readIndexVersion(indexPath: string): Promise<number | null> {
  let handle;
  try {
    handle = await open(indexPath, 'r');
  } catch {
    return null;
  }
  try {
    const header = Buffer.alloc(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    if (bytesRead < 8 || header.toString('latin1', 0, 4) !== 'DIRC') return null;
    return header.readUInt32BE(4);
  } finally {
    await handle.close();
  }
}

/** `git init` with the current default branch name, for a folder the user chose to turn into a repository. */
export async function initRepository(path: string): Promise<string> {
  if (!isAbsolute(path)) throw new ApiFailure('invalid', `"${path}" is not an absolute path.`);
  const dir = resolve(path);
  try {
    if (!(await stat(dir)).isDirectory()) throw new ApiFailure('invalid', `"${path}" is not a folder.`);
  } catch (err) {
    if (err instanceof ApiFailure) throw err;
    throw new ApiFailure('not-found', `The folder "${path}" does not exist. Create it first.`);
  }
  if (await exists(join(dir, '.git')))
    throw new ApiFailure('conflict', `"${path}" is already a git repository. Open it instead.`);
  await git.init({ fs, dir, defaultBranch: 'main' });
  return realpath(dir);
}
