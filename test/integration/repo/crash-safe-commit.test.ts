import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCore, expectFailure, type TestCore } from '../../support/core-client';
import { configMap, createRepo, createSandbox, type Sandbox } from '../../support/git-fixtures';
import { bundleCommitChild, runCommitChild } from './support/child-process';

const run = promisify(execFile);
const base = { context: 'dev', namespace: 'default' };

/** `git fsck --full`: exit 0 and no missing, broken or corrupt object (dangling ones are harmless). */
async function expectFsckClean(sandbox: Sandbox, dir: string): Promise<void> {
  const { stdout, stderr } = await run('git', ['fsck', '--full', '--no-progress'], {
    cwd: dir,
    env: sandbox.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const bad = `${stdout}\n${stderr}`
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('dangling '));
  expect(bad).toEqual([]);
}

async function looseObjects(gitdir: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of await readdir(join(gitdir, 'objects'))) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    for (const name of await readdir(join(gitdir, 'objects', sub))) out.push(`${sub}/${name}`);
  }
  return out.sort();
}

describe('repo: crash-safe commits', () => {
  let sandbox: Sandbox;
  let script: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    script = await bundleCommitChild(await sandbox.dir('bin'));
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  it('SIGKILL at five random points of a 3,000-path commit, then the same commit again: git fsck stays clean', async () => {
    const n = 3000;
    const dir = await createRepo(sandbox, 'big', { 'README.md': 'manifests\n' });
    const paths = Array.from({ length: n }, (_, i) => `apps/team-${i % 40}/cm-${i}.yaml`);
    const pathsFile = join(sandbox.root, 'paths.json');
    await writeFile(pathsFile, JSON.stringify(paths));
    const writeRound = async (round: string) => {
      for (let i = 0; i < n; i++) {
        const file = join(dir, ...paths[i]!.split('/'));
        await mkdir(join(file, '..'), { recursive: true });
        await writeFile(file, configMap(`cm-${i}`, { round }));
      }
    };
    const commit = (round: string) =>
      runCommitChild(script, { dir, pathsFile, message: `Round ${round}`, env: sandbox.env });

    // A complete run first: how long a commit takes here decides where the kills can land.
    await writeRound('calibration');
    const started = Date.now();
    const calibration = commit('calibration');
    await calibration.started;
    const full = await calibration.done;
    const duration = Date.now() - started;
    expect(full.out).toContain('committed');
    await expectFsckClean(sandbox, dir);

    for (let round = 0; round < 5; round++) {
      await writeRound(String(round));
      const killed = commit(String(round));
      await killed.started;
      await new Promise((r) => setTimeout(r, Math.random() * duration));
      killed.child.kill('SIGKILL');
      const first = await killed.done;
      await expectFsckClean(sandbox, dir);

      const again = await commit(String(round)).done;
      // The kill may land after the commit finished; then there is nothing left to commit.
      if (!first.out.includes('committed')) expect(again.out).toContain('committed');
      else expect(again.out).toMatch(/committed|Nothing to commit/);
      await expectFsckClean(sandbox, dir);
      expect(await sandbox.git(dir, 'status', '--porcelain')).toBe('');
      expect(await sandbox.git(dir, 'show', `HEAD:${paths[round * 7]}`)).toBe(
        configMap(`cm-${round * 7}`, { round: String(round) }).trim(),
      );
    }
    expect(await sandbox.git(dir, 'rev-list', '--count', 'HEAD')).toBe('7');
  }, 900_000);

  describe('through the core', () => {
    let t: TestCore;
    beforeAll(async () => {
      t = await startTestCore({ env: sandbox.env });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('rewrites an empty or corrupt loose object instead of trusting it (the kill -9 sequence)', async () => {
      const dir = await createRepo(sandbox, 'corrupt', {
        'a.yaml': configMap('a'),
        'b.yaml': configMap('b'),
      });
      const app = await t.api.call('apps.add', { name: 'corrupt', repoPath: dir, ...base });
      const aText = configMap('a', { key: 'second' });
      const bText = configMap('b', { key: 'second' });
      await writeFile(join(dir, 'a.yaml'), aText);
      await writeFile(join(dir, 'b.yaml'), bText);
      // What a killed in-place write leaves: a 0-byte file and a torn one under the blobs' names.
      const aOid = await sandbox.git(dir, 'hash-object', 'a.yaml');
      const bOid = await sandbox.git(dir, 'hash-object', 'b.yaml');
      await mkdir(join(dir, '.git/objects', aOid.slice(0, 2)), { recursive: true });
      await writeFile(join(dir, '.git/objects', aOid.slice(0, 2), aOid.slice(2)), '');
      await mkdir(join(dir, '.git/objects', bOid.slice(0, 2)), { recursive: true });
      await writeFile(
        join(dir, '.git/objects', bOid.slice(0, 2), bOid.slice(2)),
        Buffer.from([0x78, 0x9c, 0x4b]),
      );

      await t.api.call('repo.commit', { appId: app.id, paths: ['a.yaml', 'b.yaml'], message: 'Again' });
      await expectFsckClean(sandbox, dir);
      expect(await sandbox.git(dir, 'show', 'HEAD:a.yaml')).toBe(aText.trim());
      expect(await sandbox.git(dir, 'show', 'HEAD:b.yaml')).toBe(bText.trim());
      const loaded = await t.api.call('manifests.load', { appId: app.id, revision: 'HEAD' });
      expect(loaded.problems).toEqual([]);
      expect(loaded.objects.map((o) => o.key.name).sort()).toEqual(['a', 'b']);
    });

    it('refuses to commit while another git process holds index.lock, and changes nothing', async () => {
      const dir = await createRepo(sandbox, 'locked', { 'a.yaml': configMap('a') });
      const app = await t.api.call('apps.add', { name: 'locked', repoPath: dir, ...base });
      await writeFile(join(dir, 'a.yaml'), configMap('a', { key: 'edited' }));
      await writeFile(join(dir, 'new.yaml'), configMap('new'));
      const gitdir = join(dir, '.git');
      await writeFile(join(gitdir, 'index.lock'), 'held by git');
      const head = await sandbox.git(dir, 'rev-parse', 'HEAD');
      const index = await readFile(join(gitdir, 'index'));
      const objects = await looseObjects(gitdir);

      const err = await expectFailure(
        t.api.call('repo.commit', { appId: app.id, paths: ['a.yaml', 'new.yaml'], message: 'Blocked' }),
        'busy',
      );
      expect(err.message).toMatch(/another git process is running/i);
      expect(err.message).toContain(join(gitdir, 'index.lock'));
      expect(await sandbox.git(dir, 'rev-parse', 'HEAD')).toBe(head);
      expect(await readFile(join(gitdir, 'index'))).toEqual(index);
      expect(await readFile(join(gitdir, 'index.lock'), 'utf8')).toBe('held by git');
      expect(await looseObjects(gitdir)).toEqual(objects);
      // A revert is refused before it touches the working copy.
      const reverted = await expectFailure(t.api.call('repo.revert', { appId: app.id, oid: head }), 'busy');
      expect(reverted.message).toMatch(/another git process is running/i);
      expect(await readFile(join(dir, 'a.yaml'), 'utf8')).toBe(configMap('a', { key: 'edited' }));
      expect(await sandbox.git(dir, 'rev-parse', 'HEAD')).toBe(head);

      // Once git is done, the same commit goes through.
      await run('rm', [join(gitdir, 'index.lock')]);
      await t.api.call('repo.commit', { appId: app.id, paths: ['a.yaml', 'new.yaml'], message: 'Unblocked' });
      expect(await sandbox.git(dir, 'status', '--porcelain')).toBe('');
      await expectFsckClean(sandbox, dir);
    });

    it('cleans what a killed run left: its temp objects and its index.lock, but not a lock git holds', async () => {
      const dir = await createRepo(sandbox, 'stale', { 'a.yaml': configMap('a') });
      const gitdir = join(dir, '.git');
      const temp = join(gitdir, 'objects', 'ab', 'tmp_obj_gitops_0123456789abcdef');
      await mkdir(join(gitdir, 'objects', 'ab'), { recursive: true });
      await writeFile(temp, 'half an object');
      const old = new Date(Date.now() - 3_600_000);
      await utimes(temp, old, old);
      // A lock note of a process that no longer exists, and the index.lock it held.
      const dead = await run(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
      await mkdir(join(gitdir, 'gitops-desktop-locks'), { recursive: true });
      await writeFile(join(gitdir, 'index.lock'), '');
      const { ino } = await stat(join(gitdir, 'index.lock'));
      await writeFile(
        join(gitdir, 'gitops-desktop-locks', `${dead.stdout}-aaaaaa.json`),
        JSON.stringify({ pid: Number(dead.stdout), lock: 'index.lock', ino }),
      );
      // A temp file of an interrupted atomic save in the working copy.
      const worktreeTemp = join(dir, '.a.yaml.0123456789ab.tmp');
      await writeFile(worktreeTemp, 'half a save');
      await utimes(worktreeTemp, old, old);

      const app = await t.api.call('apps.add', { name: 'stale', repoPath: dir, ...base });
      const { changes } = await t.api.call('repo.status', { appId: app.id });
      expect(changes).toEqual([]);
      await writeFile(join(dir, 'a.yaml'), configMap('a', { key: 'after the crash' }));
      await t.api.call('repo.commit', { appId: app.id, paths: ['a.yaml'], message: 'After the crash' });
      await expect(stat(temp)).rejects.toThrow();
      await expect(stat(join(gitdir, 'index.lock'))).rejects.toThrow();
      await expectFsckClean(sandbox, dir);
    });
  });
});
