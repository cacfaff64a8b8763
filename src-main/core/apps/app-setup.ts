import * as fs from 'node:fs';
import { access, cp, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppOptions, AppSettings, GitIdentity } from '../../../src-shared/model';
import { loadKubeConfig } from '../cluster/kubeconfig';
import { readGlobalIdentity } from '../repo/identity';
import { locateRepository } from '../repo/repo-location';
import type { AppRegistry, NewAppSettings } from './app-registry';

export const defaultOptions: AppOptions = { prune: false, autoSync: false, selfHeal: false };

export interface NewAppInput {
  name: string;
  repoPath: string;
  appPath: string;
  context: string;
  namespace: string;
  options?: AppOptions;
  author?: GitIdentity;
  ignoreDifferences?: AppSettings['ignoreDifferences'];
}

/** Normalises an app folder given relative to the repository: POSIX, no '.', no '..', no .git. */
export function normaliseAppPath(appPath: string): string {
  const segments = appPath
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  if (
    appPath.startsWith('/') ||
    /^[a-zA-Z]:/.test(appPath) ||
    segments.includes('..') ||
    segments.includes('.git')
  ) {
    throw new ApiFailure(
      'outside-repository',
      `The app folder "${appPath}" must be a folder inside the repository, given relative to it.`,
    );
  }
  return segments.join('/');
}

async function assertFolder(repoPath: string, appPath: string): Promise<void> {
  const folder = join(repoPath, ...appPath.split('/'));
  let isFolder = false;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch {
    // reported below
  }
  if (isFolder) {
    // A symbolic link on the way may point anywhere; the folder it reaches must be in the repository.
    const [root, real] = await Promise.all([realpath(repoPath), realpath(folder)]);
    const rel = relative(root, real);
    const inside = rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
    if (!inside || rel.split(sep).some((s) => s.toLowerCase() === '.git'))
      throw new ApiFailure(
        'outside-repository',
        `The app folder "${appPath}" is a symbolic link leading outside the repository (to ${real}). Choose a folder inside the repository.`,
      );
    return;
  }
  throw new ApiFailure(
    'not-found',
    `The app folder "${appPath}" does not exist in ${repoPath}. Create it or choose another folder.`,
  );
}

/**
 * Turns what the user typed into settings: a path inside a repository becomes the repository
 * root plus the sub-path, and the folder must exist.
 */
export async function prepareNewApp(input: NewAppInput): Promise<NewAppSettings> {
  const location = await locateRepository(input.repoPath);
  const extra = normaliseAppPath(input.appPath);
  const appPath = [location.subPath, extra].filter(Boolean).join('/');
  await assertFolder(location.repoPath, appPath);
  return {
    name: input.name,
    repoPath: location.repoPath,
    appPath,
    context: input.context,
    namespace: input.namespace,
    options: input.options ?? { ...defaultOptions },
    ...(input.author ? { author: input.author } : {}),
    ...(input.ignoreDifferences ? { ignoreDifferences: input.ignoreDifferences } : {}),
  };
}

/** Checks a changed app folder of an existing app. */
export async function prepareAppPath(app: AppSettings, appPath: string): Promise<string> {
  const normalised = normaliseAppPath(appPath);
  await assertFolder(app.repoPath, normalised);
  return normalised;
}

export interface SampleAppDeps {
  registry: AppRegistry;
  resourcesDir: string;
  userDataDir: string;
  env: NodeJS.ProcessEnv;
}

async function freeName(base: string, taken: (candidate: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await taken(candidate))) return candidate;
  }
}

/** Copies the bundled guestbook into a fresh repository with one commit and registers it. */
export async function createSampleApp(
  deps: SampleAppDeps,
  params: { context?: string; namespace?: string },
): Promise<AppSettings> {
  const context = params.context ?? loadKubeConfig(deps.env).getCurrentContext();
  if (!context) {
    throw new ApiFailure(
      'invalid',
      'No kubeconfig context is selected. Pick a context for the sample app, or set one with "kubectl config use-context".',
    );
  }
  const names = new Set(deps.registry.list().map((a) => a.name));
  const folderName = await freeName('guestbook', async (c) => {
    try {
      await access(join(deps.userDataDir, 'sample-apps', c));
      return true;
    } catch {
      return names.has(c);
    }
  });
  const dir = join(deps.userDataDir, 'sample-apps', folderName);
  await cp(join(deps.resourcesDir, 'sample-app'), dir, { recursive: true, errorOnExist: true, force: false });
  await git.init({ fs, dir, defaultBranch: 'main' });
  await git.add({ fs, dir, filepath: '.' });
  const global = await readGlobalIdentity(deps.env);
  const identity =
    global.name && global.email
      ? { name: global.name, email: global.email }
      : { name: 'GitOps Desktop', email: 'gitops-desktop@localhost' };
  await git.commit({ fs, dir, message: 'Guestbook sample app\n', author: identity, committer: identity });
  const settings = await prepareNewApp({
    name: folderName,
    repoPath: dir,
    appPath: '',
    context,
    namespace: params.namespace ?? 'guestbook',
  });
  return deps.registry.add(settings);
}
