import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, parse, resolve, sep } from 'node:path';
import { ApiFailure } from '../../../src-shared/errors';

/**
 * Folders that must never become a repository the app writes into. A session can write any file
 * inside an app's repository, so a repository at the home folder (or above it) would let it write
 * `.bashrc` or `.ssh/authorized_keys`: as powerful as a shell. Repositories inside home are the
 * normal case and stay allowed, except inside the folders below, whose files are credentials or
 * run on their own.
 */
const sensitiveInHome = [
  '.ssh',
  '.gnupg',
  '.aws',
  '.kube',
  '.docker',
  '.config/autostart',
  '.config/systemd',
  '.config/git',
  '.local/bin',
];

export interface GuardContext {
  /** Home folders to protect (the user's, and the one in the core's environment if it differs). */
  homes: string[];
  /** The app's own settings folder: never a repository, except the sample apps it creates. */
  userDataDir?: string;
}

export function guardContext(env: NodeJS.ProcessEnv, userDataDir?: string): GuardContext {
  const homes = [homedir(), env.HOME, env.USERPROFILE].filter((h): h is string => !!h);
  return { homes: [...new Set(homes)], ...(userDataDir ? { userDataDir } : {}) };
}

const inside = (child: string, parent: string) =>
  child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

async function real(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Refuses a repository folder (a root to open, or a folder to initialise) that is a filesystem
 * root, a home folder or a folder holding one, a credentials folder, or the app's own settings.
 */
export async function assertRepositoryFolderAllowed(folder: string, context: GuardContext): Promise<void> {
  const path = await real(folder);
  const refuse = (why: string) =>
    new ApiFailure(
      'forbidden',
      `GitOps Desktop does not use "${path}" as a repository: ${why}. Choose a folder that holds only your manifests.`,
    );
  if (parse(path).root === path) throw refuse('it is the root of a file system');
  for (const home of await Promise.all(context.homes.map(real))) {
    if (path === home) throw refuse('it is your home folder');
    if (inside(home, path)) throw refuse('it contains your home folder');
    for (const folder of sensitiveInHome) {
      if (inside(path, join(home, folder))) throw refuse(`it is inside ${join(home, folder)}`);
    }
  }
  if (context.userDataDir) {
    const data = await real(context.userDataDir);
    if (inside(data, path)) throw refuse("it contains GitOps Desktop's settings");
    if (inside(path, data) && !inside(path, join(data, 'sample-apps')))
      throw refuse("it is inside GitOps Desktop's settings");
  }
}
