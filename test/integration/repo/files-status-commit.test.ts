import { mkdir, readFile, symlink, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../../../src-shared/model';
import { expectFailure, startTestCore, type TestCore } from '../../support/core-client';
import { configMap, createRepo, createSandbox, writeFiles, type Sandbox } from '../../support/git-fixtures';

const base = { context: 'dev', namespace: 'default' };

describe('repo: status, confined files, commit', () => {
  let sandbox: Sandbox;
  let t: TestCore;
  let repo: string;
  let app: AppSettings;

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'Global Tester', email: 'global@example.test' });
    t = await startTestCore({ env: sandbox.env });
    repo = await createRepo(sandbox, 'repo', {
      '.gitignore': 'ignored.yaml\nbuild/\n',
      'apps/web/a.yaml': configMap('a'),
      'apps/web/b.yaml': configMap('b'),
      'apps/web/gone.yaml': configMap('gone'),
      'apps/other/x.yaml': configMap('x'),
      'README.md': 'hello\n',
    });
    app = await t.api.call('apps.add', { name: 'web', repoPath: repo, appPath: 'apps/web', ...base });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.cleanup();
  });

  it('reports modified, added, deleted, untracked and staged files of the app folder only', async () => {
    await writeFiles(repo, {
      'apps/web/a.yaml': configMap('a', { key: 'changed' }),
      'apps/web/new.yaml': configMap('new'),
      'apps/web/staged.yaml': configMap('staged'),
      'apps/web/ignored.yaml': 'ignored',
      'apps/web/build/out.yaml': 'ignored too',
      'apps/web/excluded.yaml': 'excluded via info/exclude',
      'apps/other/x.yaml': configMap('x', { key: 'outside the app' }),
    });
    await writeFile(join(repo, '.git', 'info', 'exclude'), 'excluded.yaml\n');
    await rm(join(repo, 'apps/web/gone.yaml'));
    await sandbox.git(repo, 'add', 'apps/web/staged.yaml');

    const { changes } = await t.api.call('repo.status', { appId: app.id });
    expect(changes.sort((x, y) => x.path.localeCompare(y.path))).toEqual([
      { path: 'a.yaml', change: 'modified', staged: false },
      { path: 'gone.yaml', change: 'deleted', staged: false },
      { path: 'new.yaml', change: 'untracked', staged: false },
      { path: 'staged.yaml', change: 'added', staged: true },
    ]);
    const { files } = await t.api.call('repo.listFiles', { appId: app.id });
    expect(files.map((f) => f.path)).toEqual(['a.yaml', 'b.yaml', 'new.yaml', 'staged.yaml']);
  });

  it('commits only the selected files, with the author from the global git config', async () => {
    const { oid } = await t.api.call('repo.commit', {
      appId: app.id,
      paths: ['a.yaml', 'gone.yaml'],
      message: 'Change a, drop gone',
    });
    expect(await sandbox.git(repo, 'rev-parse', 'HEAD')).toBe(oid);
    expect(await sandbox.git(repo, 'log', '-1', '--format=%an <%ae>|%s')).toBe(
      'Global Tester <global@example.test>|Change a, drop gone',
    );
    expect(
      (await sandbox.git(repo, 'show', '--name-status', '--format=', 'HEAD')).split('\n').sort(),
    ).toEqual(['D\tapps/web/gone.yaml', 'M\tapps/web/a.yaml']);
    // What was staged before stays staged and out of the commit; the CLI agrees with us.
    expect(await sandbox.git(repo, 'status', '--porcelain', 'apps/web')).toBe(
      'A  apps/web/staged.yaml\n?? apps/web/new.yaml'.trim(),
    );
    const info = await t.api.call('repo.info', { appId: app.id });
    expect(info).toMatchObject({
      head: oid,
      headMessage: 'Change a, drop gone',
      branch: 'main',
      identitySource: 'global',
    });

    await expectFailure(
      t.api.call('repo.commit', { appId: app.id, paths: ['b.yaml'], message: 'nothing' }),
      'invalid',
    );
    await expectFailure(
      t.api.call('repo.commit', { appId: app.id, paths: ['../other/x.yaml'], message: 'escape' }),
      'outside-repository',
    );
  });

  it('prefers the repository identity, and falls back to the app author', async () => {
    await sandbox.git(repo, 'config', 'user.name', 'Repo Person');
    await sandbox.git(repo, 'config', 'user.email', 'repo@example.test');
    await t.api.call('repo.commit', { appId: app.id, paths: ['new.yaml'], message: 'Add new' });
    expect(await sandbox.git(repo, 'log', '-1', '--format=%an <%ae>')).toBe(
      'Repo Person <repo@example.test>',
    );
    await sandbox.git(repo, 'config', '--unset', 'user.name');
    await sandbox.git(repo, 'config', '--unset', 'user.email');
  });

  it('reads and writes confined files atomically; rejects traversal, absolute paths, .git and symlink escapes', async () => {
    await t.api.call('repo.writeFile', { appId: app.id, path: 'sub/dir/c.yaml', content: configMap('c') });
    expect(await readFile(join(repo, 'apps/web/sub/dir/c.yaml'), 'utf8')).toBe(configMap('c'));
    expect((await t.api.call('repo.readFile', { appId: app.id, path: 'sub/dir/c.yaml' })).content).toBe(
      configMap('c'),
    );

    const outside = await sandbox.dir('secret');
    await writeFile(join(outside, 'passwd'), 'secret');
    await symlink(outside, join(repo, 'apps/web/escape'));
    await symlink(join(outside, 'passwd'), join(repo, 'apps/web/escape-file'));
    await symlink('../other', join(repo, 'apps/web/sibling'));

    const attempts = [
      '../other/x.yaml',
      '../../../etc/passwd',
      '/etc/passwd',
      'a/../../x.yaml',
      '.git/config',
      'sub/../.git/HEAD',
      'escape/passwd',
      'escape-file',
      'escape/new.yaml',
    ];
    for (const path of attempts) {
      const err = await expectFailure(
        t.api.call('repo.readFile', { appId: app.id, path }),
        'outside-repository',
      );
      expect(err.message.startsWith(`"${path}" `)).toBe(true);
      await expectFailure(
        t.api.call('repo.writeFile', { appId: app.id, path, content: 'x' }),
        'outside-repository',
      );
    }
    expect(await readFile(join(outside, 'passwd'), 'utf8')).toBe('secret');
    // A symlink that stays inside the repository is fine.
    expect((await t.api.call('repo.readFile', { appId: app.id, path: 'sibling/x.yaml' })).content).toContain(
      'outside the app',
    );

    await t.api.call('repo.deleteFile', { appId: app.id, path: 'sub/dir/c.yaml' });
    await expectFailure(t.api.call('repo.readFile', { appId: app.id, path: 'sub/dir/c.yaml' }), 'not-found');
    await expectFailure(
      t.api.call('repo.readFile', { appId: app.id, path: 'x'.repeat(5000) }),
      'invalid-params',
    );
  });

  it('asks for an identity when none is configured anywhere', async () => {
    const bare = await createSandbox(null);
    const core = await startTestCore({ env: bare.env });
    try {
      const dir = await createRepo(bare, 'r', { 'a.yaml': configMap('a') });
      const a = await core.api.call('apps.add', { name: 'r', repoPath: dir, ...base });
      await writeFile(join(dir, 'a.yaml'), configMap('a', { key: 'v2' }));
      const err = await expectFailure(
        core.api.call('repo.commit', { appId: a.id, paths: ['a.yaml'], message: 'x' }),
        'identity-required',
      );
      expect(err.message).toContain('git config --global user.name');
      expect((await core.api.call('repo.info', { appId: a.id })).identity).toBeNull();

      await core.api.call('apps.update', {
        appId: a.id,
        changes: { author: { name: 'App Author', email: 'app@example.test' } },
      });
      await core.api.call('repo.commit', { appId: a.id, paths: ['a.yaml'], message: 'x' });
      expect(await bare.git(dir, 'log', '-1', '--format=%an')).toBe('App Author');

      // XDG config counts as global config too.
      await mkdir(join(bare.home, '.config', 'git'), { recursive: true });
      await writeFile(
        join(bare.home, '.config', 'git', 'config'),
        '[user]\n  name = "Xdg Person"\n  email = xdg@example.test ; comment\n',
      );
      expect((await core.api.call('repo.info', { appId: a.id })).identity).toEqual({
        name: 'Xdg Person',
        email: 'xdg@example.test',
      });
    } finally {
      await core.close();
      await bare.cleanup();
    }
  });

  it('works on repositories packed by git gc (packfiles and packed refs)', async () => {
    const dir = await createRepo(sandbox, 'packed', { 'a.yaml': configMap('a') });
    for (let i = 0; i < 3; i++) {
      await writeFiles(dir, { [`f${i}.yaml`]: configMap(`f${i}`) });
      await sandbox.git(dir, 'add', '-A');
      await sandbox.git(dir, 'commit', '-q', '-m', `Add f${i}`);
    }
    await sandbox.git(dir, 'branch', 'feature');
    await sandbox.git(dir, 'gc', '-q', '--aggressive', '--prune=now');
    expect(await sandbox.git(dir, 'count-objects', '-v')).toMatch(/^count: 0$/m);
    expect(await readFile(join(dir, '.git', 'packed-refs'), 'utf8')).toContain('refs/heads/feature');

    const packed = await t.api.call('apps.add', { name: 'packed', repoPath: dir, ...base });
    expect((await t.api.call('repo.status', { appId: packed.id })).changes).toEqual([]);
    expect((await t.api.call('repo.branches', { appId: packed.id })).branches).toEqual(['feature', 'main']);
    expect(
      (await t.api.call('repo.log', { appId: packed.id, limit: 10 })).commits.map((c) => c.message.trim()),
    ).toEqual(['Add f2', 'Add f1', 'Add f0', 'Initial manifests']);
    await writeFile(join(dir, 'a.yaml'), configMap('a', { key: 'packed' }));
    const { oid } = await t.api.call('repo.commit', {
      appId: packed.id,
      paths: ['a.yaml'],
      message: 'Edit packed',
    });
    expect(await sandbox.git(dir, 'rev-parse', 'HEAD')).toBe(oid);
    expect(await sandbox.git(dir, 'fsck', '--no-progress')).toBe('');
    const objects = await t.api.call('manifests.load', { appId: packed.id, revision: 'HEAD' });
    expect(objects.objects).toHaveLength(4);
  });
});
