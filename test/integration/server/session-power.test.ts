import { access, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepo, createSandbox, type Sandbox } from '../../support/git-fixtures';
import { expectFailure, startTestCore, type TestCore } from '../../support/core-client';

// Replays the reported sequence: apps.initRepository at the home folder, then repo.writeFile of
// .bashrc and .ssh/authorized_keys. Home here is a sandbox, given to the core as HOME.
describe('a session cannot turn the home folder into a repository', () => {
  let sandbox: Sandbox;
  let t: TestCore;

  beforeAll(async () => {
    sandbox = await createSandbox();
    await mkdir(join(sandbox.home, '.ssh'), { recursive: true });
    t = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: join(sandbox.root, 'none') } });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.cleanup();
  });

  it('refuses to initialise or open a repository at home, above it, at a root or in ~/.ssh', async () => {
    for (const path of [sandbox.home, sandbox.root, '/', join(sandbox.home, '.ssh')]) {
      const err = await expectFailure(t.api.call('apps.initRepository', { path }), 'forbidden');
      expect(err.message).toContain('does not use');
    }
    await expect(access(join(sandbox.home, '.git'))).rejects.toThrow();

    // A home folder that is already a repository (a dotfiles setup) cannot be opened either,
    // not even through a folder inside it.
    await sandbox.git(sandbox.home, 'init', '-q', '-b', 'main');
    await mkdir(join(sandbox.home, 'notes'));
    for (const repoPath of [sandbox.home, join(sandbox.home, 'notes')]) {
      await expectFailure(
        t.api.call('apps.add', { name: 'home', repoPath, appPath: '', context: 'c', namespace: 'default' }),
        'forbidden',
      );
    }
    expect((await t.api.call('apps.list', {})).apps).toEqual([]);
    await expect(readFile(join(sandbox.home, '.bashrc'), 'utf8')).rejects.toThrow();
  });

  it('still opens, initialises and writes repositories inside home', async () => {
    const inside = join(sandbox.home, 'work', 'manifests');
    await mkdir(inside, { recursive: true });
    const { repoPath } = await t.api.call('apps.initRepository', { path: inside });
    expect(repoPath).toBe(inside);
    const existing = await createRepo(sandbox, 'elsewhere', { 'cm.yaml': 'kind: ConfigMap\n' });
    for (const path of [inside, existing]) {
      const app = await t.api.call('apps.add', {
        name: path === inside ? 'inside' : 'elsewhere',
        repoPath: path,
        appPath: '',
        context: 'c',
        namespace: 'default',
      });
      await t.api.call('repo.writeFile', { appId: app.id, path: 'new.yaml', content: 'a: 1\n' });
      expect(await readFile(join(path, 'new.yaml'), 'utf8')).toBe('a: 1\n');
    }
  });
});
