import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRepositoryFolderAllowed, type GuardContext } from '../../../../src-main/core/repo/repo-guard';

describe('folders that may become a repository', () => {
  let root: string;
  let context: GuardContext;
  const refused = (path: string) =>
    expect(assertRepositoryFolderAllowed(path, context)).rejects.toMatchObject({
      code: 'forbidden',
    });
  const allowed = (path: string) =>
    expect(assertRepositoryFolderAllowed(path, context)).resolves.toBeUndefined();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'gd-guard-'));
    const home = join(root, 'home', 'ada');
    for (const dir of ['projects/app', '.ssh', '.config/gitops-desktop/sample-apps/guestbook', '.dotfiles'])
      await mkdir(join(home, dir), { recursive: true });
    await symlink(home, join(root, 'home-link'));
    context = { homes: [home], userDataDir: join(home, '.config/gitops-desktop') };
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('refuses the home folder, a folder holding it, and a file system root', async () => {
    await refused(join(root, 'home', 'ada'));
    await refused(join(root, 'home-link'));
    await refused(join(root, 'home'));
    await refused(root);
    await refused('/');
  });

  it('refuses credential folders and the app settings, but not the sample apps', async () => {
    await refused(join(root, 'home/ada/.ssh'));
    await refused(join(root, 'home/ada/.config/gitops-desktop'));
    await refused(join(root, 'home/ada/.config'));
    await allowed(join(root, 'home/ada/.config/gitops-desktop/sample-apps/guestbook'));
  });

  it('allows repositories inside home and elsewhere', async () => {
    await allowed(join(root, 'home/ada/projects/app'));
    await allowed(join(root, 'home/ada/projects'));
    await allowed(join(root, 'home/ada/.dotfiles'));
    await allowed(join(root, 'elsewhere-not-created'));
  });
});
