import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailure, startTestCore, type TestCore } from '../../support/core-client';
import {
  commitAll,
  configMap,
  createRepo,
  createSandbox,
  startGitHttpServer,
  type GitHttpServer,
  type Sandbox,
} from '../../support/git-fixtures';

const base = { context: 'dev', namespace: 'default' };

describe('repo: branches', () => {
  let sandbox: Sandbox;
  let t: TestCore;

  beforeAll(async () => {
    sandbox = await createSandbox();
    t = await startTestCore({ env: sandbox.env });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.cleanup();
  });

  it('lists and switches branches; refuses to switch over uncommitted changes', async () => {
    const repo = await createRepo(sandbox, 'b', { 'a.yaml': configMap('a') });
    await sandbox.git(repo, 'checkout', '-q', '-b', 'feature');
    await commitAll(
      sandbox,
      repo,
      { 'a.yaml': configMap('a', { key: 'feature' }), 'f.yaml': configMap('f') },
      'Feature',
    );
    await sandbox.git(repo, 'checkout', '-q', 'main');
    const app = await t.api.call('apps.add', { name: 'b', repoPath: repo, ...base });

    expect(await t.api.call('repo.branches', { appId: app.id })).toEqual({
      current: 'main',
      branches: ['feature', 'main'],
    });
    await writeFile(join(repo, 'a.yaml'), configMap('a', { key: 'dirty' }));
    const err = await expectFailure(
      t.api.call('repo.switchBranch', { appId: app.id, branch: 'feature' }),
      'dirty-worktree',
    );
    expect(err.message).toBe(
      'Cannot switch to "feature": 1 file(s) have uncommitted changes (a.yaml). Commit or discard them first.',
    );
    expect(await sandbox.git(repo, 'branch', '--show-current')).toBe('main');
    expect(await readFile(join(repo, 'a.yaml'), 'utf8')).toBe(configMap('a', { key: 'dirty' }));

    await sandbox.git(repo, 'checkout', '--', 'a.yaml');
    await writeFile(join(repo, 'f.yaml'), 'untracked, would be overwritten');
    await expectFailure(
      t.api.call('repo.switchBranch', { appId: app.id, branch: 'feature' }),
      'dirty-worktree',
    );
    await sandbox.git(repo, 'clean', '-q', '-f');

    expect(await t.api.call('repo.switchBranch', { appId: app.id, branch: 'feature' })).toEqual({
      branch: 'feature',
    });
    expect(await sandbox.git(repo, 'branch', '--show-current')).toBe('feature');
    expect(await readFile(join(repo, 'a.yaml'), 'utf8')).toBe(configMap('a', { key: 'feature' }));
    expect(await sandbox.git(repo, 'status', '--porcelain')).toBe('');
    await expectFailure(t.api.call('repo.switchBranch', { appId: app.id, branch: 'nope' }), 'not-found');
  });
});

describe('repo: fetch, pull (fast-forward only) and push against a bare repository served by git http-backend', () => {
  let sandbox: Sandbox;
  let t: TestCore;
  let server: GitHttpServer;
  let remotes: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    t = await startTestCore({ env: sandbox.env });
    remotes = await sandbox.dir('remotes');
    server = await startGitHttpServer(sandbox, remotes);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
    await sandbox.cleanup();
  });

  async function setup(name: string) {
    const bare = join(remotes, `${name}.git`);
    const seed = await createRepo(sandbox, `${name}-seed`, { 'a.yaml': configMap('a') });
    await sandbox.git(remotes, 'init', '-q', '--bare', '-b', 'main', bare);
    await sandbox.git(seed, 'push', '-q', bare, 'main');
    const url = `${server.url}/${name}.git`;
    const local = join(sandbox.root, `${name}-local`);
    await sandbox.git(sandbox.root, 'clone', '-q', url, local);
    const app = await t.api.call('apps.add', { name, repoPath: local, ...base });
    return { bare, seed, local, app };
  }

  it('pulls a fast-forward and reports when there is nothing new', async () => {
    const { seed, bare, local, app } = await setup('ff');
    expect(await t.api.call('repo.pull', { appId: app.id })).toMatchObject({ updated: false });
    const upstream = await commitAll(
      sandbox,
      seed,
      { 'a.yaml': configMap('a', { key: 'upstream' }), 'b.yaml': configMap('b') },
      'Upstream change',
    );
    await sandbox.git(seed, 'push', '-q', bare, 'main');

    expect(await t.api.call('repo.fetch', { appId: app.id })).toEqual({ fetched: true });
    expect(await sandbox.git(local, 'rev-parse', 'origin/main')).toBe(upstream);
    expect(await t.api.call('repo.pull', { appId: app.id })).toEqual({ head: upstream, updated: true });
    expect(await sandbox.git(local, 'rev-parse', 'HEAD')).toBe(upstream);
    expect(await readFile(join(local, 'b.yaml'), 'utf8')).toBe(configMap('b'));
    expect(await sandbox.git(local, 'status', '--porcelain')).toBe('');
  });

  it('refuses to pull when the branches have diverged, and pushes local commits', async () => {
    const { seed, bare, local, app } = await setup('diverge');
    await writeFile(join(local, 'local.yaml'), configMap('local'));
    const mine = (
      await t.api.call('repo.commit', { appId: app.id, paths: ['local.yaml'], message: 'Local change' })
    ).oid;
    expect(await t.api.call('repo.push', { appId: app.id })).toEqual({ pushed: true });
    expect(await sandbox.git(bare, 'rev-parse', 'main')).toBe(mine);

    await sandbox.git(seed, 'pull', '-q', '--ff-only', bare, 'main');
    await commitAll(sandbox, seed, { 'c.yaml': configMap('c') }, 'Theirs');
    await sandbox.git(seed, 'push', '-q', bare, 'main');
    await writeFile(join(local, 'local.yaml'), configMap('local', { key: 'again' }));
    await t.api.call('repo.commit', { appId: app.id, paths: ['local.yaml'], message: 'Mine again' });
    const head = await sandbox.git(local, 'rev-parse', 'HEAD');

    const err = await expectFailure(t.api.call('repo.pull', { appId: app.id }), 'conflict');
    expect(err.message).toBe(
      '"main" and "origin/main" have diverged; pull only fast-forwards. Merge or rebase on the command line, then come back.',
    );
    expect(await sandbox.git(local, 'rev-parse', 'HEAD')).toBe(head);
    await expectFailure(t.api.call('repo.push', { appId: app.id }), 'conflict');
  });

  it('explains that local-path remotes are not supported', async () => {
    const dir = await createRepo(sandbox, 'pathremote', { 'a.yaml': configMap('a') });
    await sandbox.git(dir, 'remote', 'add', 'origin', join(remotes, 'ff.git'));
    const app = await t.api.call('apps.add', { name: 'pathremote', repoPath: dir, ...base });
    const err = await expectFailure(t.api.call('repo.fetch', { appId: app.id }), 'unsupported');
    expect(err.message).toContain('is not an HTTP(S) URL');
    expect(await t.api.call('repo.setToken', { appId: app.id, token: 's3cret' })).toEqual({
      stored: true,
      persistent: false,
    });
    expect(JSON.stringify(await t.api.call('repo.info', { appId: app.id }))).not.toContain('s3cret');
  });

  it('authenticates with the stored token, which never reaches the renderer', async () => {
    const guarded = await sandbox.dir('guarded');
    const bare = join(guarded, 'g.git');
    await sandbox.git(guarded, 'init', '-q', '--bare', '-b', 'main', bare);
    const seed = await createRepo(sandbox, 'g-seed', { 'a.yaml': configMap('a') });
    await sandbox.git(seed, 'push', '-q', bare, 'main');
    const secured = await startGitHttpServer(sandbox, guarded, { token: 'tok-123' });
    try {
      const local = await createRepo(sandbox, 'g-local', { 'other.yaml': configMap('o') });
      await sandbox.git(local, 'remote', 'add', 'origin', `${secured.url}/g.git`);
      const app = await t.api.call('apps.add', { name: 'guarded', repoPath: local, ...base });
      const err = await expectFailure(t.api.call('repo.fetch', { appId: app.id }), 'unauthorized');
      expect(err.message).toBe(
        'Remote "origin" asked for credentials. Store a token for this app (repo.setToken) and try again.',
      );
      expect(await t.api.call('repo.setToken', { appId: app.id, token: 'tok-123' })).toEqual({
        stored: true,
        persistent: false,
      });
      expect(await t.api.call('repo.fetch', { appId: app.id })).toEqual({ fetched: true });
      expect(await sandbox.git(local, 'rev-parse', 'origin/main')).toBe(
        await sandbox.git(seed, 'rev-parse', 'HEAD'),
      );
      expect(await sandbox.git(local, 'config', '--get-regexp', '.*')).not.toContain('tok-123');
    } finally {
      await secured.close();
    }
  });
});
