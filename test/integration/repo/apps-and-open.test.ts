import { mkdir, readdir, readFile, readlink, realpath, symlink, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailure, startTestCore, type TestCore } from '../../support/core-client';
import { configMap, createRepo, createSandbox, type Sandbox } from '../../support/git-fixtures';

const newApp = { context: 'dev', namespace: 'default' };
const run = promisify(execFile);

describe('apps: registry, opening repositories, sample app', () => {
  let sandbox: Sandbox;
  let t: TestCore;

  beforeAll(async () => {
    sandbox = await createSandbox();
    const kubeconfig = join(sandbox.root, 'kubeconfig');
    await writeFile(
      kubeconfig,
      'apiVersion: v1\nkind: Config\ncurrent-context: kind-local\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: x}\ncontexts:\n- name: kind-local\n  context: {cluster: c, user: u}\n',
    );
    sandbox.env.KUBECONFIG = kubeconfig;
    t = await startTestCore({ env: sandbox.env });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.cleanup();
  });

  it('adds an app from a folder inside a repository as root plus sub-path, and persists it', async () => {
    const repo = await createRepo(sandbox, 'mono', { 'deploy/prod/cm.yaml': configMap('a') });
    const changed = t.waitForEvent('apps.changed');
    const app = await t.api.call('apps.add', {
      name: 'prod',
      repoPath: join(repo, 'deploy'),
      appPath: 'prod',
      ...newApp,
    });
    expect(app.repoPath).toBe(await realpath(repo));
    expect(app.appPath).toBe('deploy/prod');
    expect(app.options).toEqual({ prune: false, autoSync: false, selfHeal: false });
    expect((await changed).apps.map((a) => a.id)).toContain(app.id);

    const saved = JSON.parse(await readFile(join(t.userDataDir, 'settings.json'), 'utf8')) as {
      apps: { id: string }[];
    };
    expect(saved.apps.map((a) => a.id)).toEqual([app.id]);

    const updated = await t.api.call('apps.update', {
      appId: app.id,
      changes: { namespace: 'prod', options: { prune: true, autoSync: false, selfHeal: false } },
    });
    expect(updated).toMatchObject({ namespace: 'prod', options: { prune: true }, appPath: 'deploy/prod' });
    await expectFailure(
      t.api.call('apps.update', { appId: app.id, changes: { appPath: '../etc' } }),
      'outside-repository',
    );
    await expectFailure(t.api.call('apps.add', { name: 'prod', repoPath: repo, ...newApp }), 'conflict');

    expect(await t.api.call('apps.remove', { appId: app.id })).toEqual({ removed: true });
    expect((await t.api.call('apps.list', {})).apps).toEqual([]);
    await expectFailure(t.api.call('repo.status', { appId: app.id }), 'not-found');
  });

  it('refuses an app folder that is a symbolic link out of the repository, and never lists through one', async () => {
    const repo = await createRepo(sandbox, 'linked-app', { 'real/cm.yaml': configMap('a') });
    const outside = await sandbox.dir('outside-app');
    await writeFile(join(outside, 'secret.yaml'), configMap('outside'));
    await symlink(outside, join(repo, 'escape'));
    await symlink(join(repo, 'real'), join(repo, 'alias'));
    const err = await expectFailure(
      t.api.call('apps.add', { name: 'escape', repoPath: repo, appPath: 'escape', ...newApp }),
      'outside-repository',
    );
    expect(err.message).toMatch(/symbolic link leading outside the repository/);
    // A link that stays inside the repository is fine.
    const app = await t.api.call('apps.add', { name: 'alias', repoPath: repo, appPath: 'alias', ...newApp });
    await expectFailure(
      t.api.call('apps.update', { appId: app.id, changes: { appPath: 'escape' } }),
      'outside-repository',
    );
    // The folder swapped for a link after the app was added: nothing outside is listed.
    const inside = await t.api.call('apps.add', {
      name: 'swapped',
      repoPath: repo,
      appPath: 'real',
      ...newApp,
    });
    await run('mv', [join(repo, 'real'), join(repo, 'real-moved')]);
    await symlink(outside, join(repo, 'real'));
    expect((await t.api.call('repo.listFiles', { appId: inside.id })).files).toEqual([]);
  });

  it('offers to initialise a plain folder, then opens it', async () => {
    const plain = await sandbox.dir('plain');
    const err = await expectFailure(
      t.api.call('apps.add', { name: 'plain', repoPath: plain, ...newApp }),
      'not-a-repository',
    );
    expect(err.message).toBe(
      `"${plain}" is not inside a git repository. Initialise one there (apps.initRepository) or choose a folder inside a repository.`,
    );
    expect(await t.api.call('apps.initRepository', { path: plain })).toEqual({
      repoPath: await realpath(plain),
    });
    expect(await sandbox.git(plain, 'rev-parse', '--is-inside-work-tree')).toBe('true');
    const app = await t.api.call('apps.add', { name: 'plain', repoPath: plain, ...newApp });
    expect(await t.api.call('repo.info', { appId: app.id })).toMatchObject({
      head: null,
      branch: 'main',
      remotes: [],
    });
    await t.api.call('apps.remove', { appId: app.id });
  });

  it('refuses unsupported repositories with a specific message', async () => {
    const many = await createRepo(sandbox, 'many', { 'a.yaml': configMap('a') });
    await sandbox.git(many, 'config', 'feature.manyFiles', 'true');
    const e1 = await expectFailure(
      t.api.call('apps.add', { name: 'many', repoPath: many, ...newApp }),
      'unsupported',
    );
    expect(e1.message).toContain('uses feature.manyFiles (index version 4 and index.skipHash)');

    const v4 = await createRepo(sandbox, 'v4', { 'a.yaml': configMap('a') });
    await sandbox.git(v4, 'update-index', '--index-version', '4');
    const e2 = await expectFailure(
      t.api.call('apps.add', { name: 'v4', repoPath: v4, ...newApp }),
      'unsupported',
    );
    expect(e2.message).toContain('has a version 4 index');

    const skip = await createRepo(sandbox, 'skip', { 'a.yaml': configMap('a') });
    await sandbox.git(skip, 'config', 'index.skipHash', 'true');
    expect(
      (
        await expectFailure(
          t.api.call('apps.add', { name: 'skip', repoPath: skip, ...newApp }),
          'unsupported',
        )
      ).message,
    ).toContain('uses index.skipHash');

    const merging = await createRepo(sandbox, 'merging', { 'a.yaml': configMap('a') });
    await writeFile(
      join(merging, '.git', 'MERGE_HEAD'),
      `${await sandbox.git(merging, 'rev-parse', 'HEAD')}\n`,
    );
    expect(
      (
        await expectFailure(
          t.api.call('apps.add', { name: 'm', repoPath: merging, ...newApp }),
          'unsupported',
        )
      ).message,
    ).toContain('a merge is in progress');

    const rebasing = await createRepo(sandbox, 'rebasing', { 'a.yaml': configMap('a') });
    await mkdir(join(rebasing, '.git', 'rebase-merge'));
    expect(
      (
        await expectFailure(
          t.api.call('apps.add', { name: 'r', repoPath: rebasing, ...newApp }),
          'unsupported',
        )
      ).message,
    ).toContain('a rebase is in progress');

    const bare = join(sandbox.root, 'bare.git');
    await sandbox.git(sandbox.root, 'init', '-q', '--bare', bare);
    expect(
      (await expectFailure(t.api.call('apps.add', { name: 'b', repoPath: bare, ...newApp }), 'unsupported'))
        .message,
    ).toContain('is a bare repository');
  });

  it('creates the sample app as a fresh repository with one commit', async () => {
    const app = await t.api.call('apps.createSample', {});
    expect(app).toMatchObject({
      name: 'guestbook',
      context: 'kind-local',
      namespace: 'guestbook',
      appPath: '',
    });
    expect(app.repoPath.startsWith(await realpath(t.userDataDir))).toBe(true);
    expect(await sandbox.git(app.repoPath, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(await sandbox.git(app.repoPath, 'status', '--porcelain')).toBe('');
    const { content: deployment } = await t.api.call('repo.readFile', {
      appId: app.id,
      path: 'deployment.yaml',
    });
    expect(deployment).toMatch(/^ {2}replicas: 1$/m);

    const manifests = await t.api.call('manifests.load', { appId: app.id, revision: 'HEAD' });
    expect(manifests.problems).toEqual([]);
    expect(manifests.objects.map((o) => o.id).sort()).toEqual([
      '/ConfigMap/guestbook/guestbook-ui',
      '/Namespace//guestbook',
      '/Service/guestbook/guestbook-ui',
      'apps/Deployment/guestbook/guestbook-ui',
    ]);
    const second = await t.api.call('apps.createSample', { context: 'other' });
    expect(second).toMatchObject({ name: 'guestbook-2', context: 'other' });
  });
});

describe('apps: settings file', () => {
  it('keeps a corrupt settings file aside and reports it', async () => {
    const sandbox = await createSandbox();
    const userDataDir = await sandbox.dir('user');
    await writeFile(join(userDataDir, 'settings.json'), '{"version": 1, "apps": [{"id": 3}]}');
    const t = await startTestCore({ env: sandbox.env, userDataDir });
    try {
      const { apps, problem } = await t.api.call('apps.list', {});
      expect(apps).toEqual([]);
      expect(problem?.message).toMatch(
        /^The settings file was unreadable \(apps\.0\.id: .*\)\. It was kept as .*settings\.json\.corrupt-/,
      );
      expect(await readFile(problem!.keptAs!, 'utf8')).toBe('{"version": 1, "apps": [{"id": 3}]}');
      expect((await readdir(userDataDir)).filter((f) => f.startsWith('settings.json'))).toHaveLength(1);
    } finally {
      await t.close();
      await sandbox.cleanup();
    }
  });

  it('reports a settings file that cannot be read and never writes over it', async () => {
    const sandbox = await createSandbox();
    const userDataDir = await sandbox.dir('user');
    const repo = await createRepo(sandbox, 'r', { 'cm.yaml': configMap('a') });
    const settings = join(userDataDir, 'settings.json');
    // A link to itself fails to read (ELOOP) as EACCES or EIO would, even for root; a write
    // through a temp file and a rename would replace it.
    await symlink('settings.json', settings);
    const t = await startTestCore({ env: sandbox.env, userDataDir });
    try {
      const { apps, problem } = await t.api.call('apps.list', {});
      expect(apps).toEqual([]);
      expect(problem?.message).toMatch(
        /^Cannot read the settings file .*settings\.json \(ELOOP: .*not overwritten/,
      );
      const err = await expectFailure(
        t.api.call('apps.add', { name: 'r', repoPath: repo, ...newApp }),
        'settings',
      );
      expect(err.message).toMatch(/could not be read .* so it is not overwritten/);
      expect(await readlink(settings)).toBe('settings.json');
    } finally {
      await t.close();
      await sandbox.cleanup();
    }
  });

  it('reloads saved apps on the next start', async () => {
    const sandbox = await createSandbox();
    const userDataDir = await sandbox.dir('user');
    const repo = await createRepo(sandbox, 'r', { 'cm.yaml': configMap('a') });
    const first = await startTestCore({ env: sandbox.env, userDataDir });
    const app = await first.api.call('apps.add', { name: 'r', repoPath: repo, ...newApp });
    await first.close();
    const second = await startTestCore({ env: sandbox.env, userDataDir });
    try {
      const { apps, problem } = await second.api.call('apps.list', {});
      expect(problem).toBeUndefined();
      expect(apps).toEqual([{ ...app, sync: 'Unknown', health: 'Unknown' }]);
    } finally {
      await second.close();
      await sandbox.cleanup();
    }
  });
});
