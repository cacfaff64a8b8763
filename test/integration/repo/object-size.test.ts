import { execFile } from 'node:child_process';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../../../src-main/core/repo/git-repo';
import { objectSize } from '../../../src-main/core/repo/object-size';
import { readBlobAt } from '../../../src-main/core/repo/repo-files';
import { startTestCore, type TestCore } from '../../support/core-client';
import { configMap, createRepo, createSandbox, type Sandbox } from '../../support/git-fixtures';

const sh = promisify(execFile);

/** Every object of the repository with the size git reports ("<oid> <size>"). */
async function allSizes(sandbox: Sandbox, dir: string): Promise<[string, number][]> {
  const out = await sandbox.git(
    dir,
    'cat-file',
    '--batch-all-objects',
    '--batch-check=%(objectname) %(objectsize)',
  );
  return out.split('\n').map((line) => {
    const [oid, size] = line.split(' ');
    return [oid!, Number(size)];
  });
}

describe('repo: object sizes are read before inflating', () => {
  let sandbox: Sandbox;
  let t: TestCore;

  beforeAll(async () => {
    sandbox = await createSandbox();
    t = await startTestCore({ env: sandbox.env });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.cleanup();
  });

  it('reads the size of loose, packed and delta objects as git does', async () => {
    const long = Array.from({ length: 3000 }, (_, i) => `  key-${i}: "value ${i}"`).join('\n');
    // Hundreds of objects, so many share a first byte and the index lookup has to search.
    const many = Object.fromEntries(
      Array.from({ length: 400 }, (_, i) => [`many/f-${i}.yaml`, configMap(`f-${i}`)]),
    );
    const dir = await createRepo(sandbox, 'sizes', { 'a.yaml': `${configMap('a')}${long}\n`, ...many });
    for (let i = 0; i < 3; i++) {
      await writeFile(join(dir, 'a.yaml'), `${configMap('a')}${long}\n  extra-${i}: "x"\n`);
      await sandbox.git(dir, 'commit', '-qam', `Edit ${i}`);
    }
    const repo = gitRepo(dir);
    for (const [oid, size] of await allSizes(sandbox, dir)) expect(await objectSize(repo, oid)).toBe(size);
    await sandbox.git(dir, 'gc', '-q', '--aggressive');
    const packed = gitRepo(dir);
    const deltas = await sandbox.git(dir, 'verify-pack', '-v', ...(await packIdx(dir)));
    expect(deltas).toMatch(/ blob +\d+ \d+ \d+ \d+ [0-9a-f]{40}/); // at least one delta blob
    for (const [oid, size] of await allSizes(sandbox, dir)) expect(await objectSize(packed, oid)).toBe(size);
    expect(await objectSize(packed, '0'.repeat(40))).toBeNull();
  });

  it('a decompression bomb in a commit is reported, not inflated', async () => {
    const dir = await createRepo(sandbox, 'bomb', { 'ok.yaml': configMap('ok') });
    // 300 MB of zeros compress to about 300 KB: a small repository that would fill memory.
    const blob = (
      await sh('sh', ['-c', 'head -c 314572800 /dev/zero | git hash-object -w --stdin'], {
        cwd: dir,
        env: sandbox.env,
      })
    ).stdout.trim();
    await sandbox.git(dir, 'update-index', '--add', '--cacheinfo', `100644,${blob},bomb.yaml`);
    // Committed from the index only: the working copy never holds the 300 MB.
    await sandbox.git(dir, 'commit', '-qm', 'A bomb');

    const before = process.memoryUsage().rss;
    const app = await t.api.call('apps.add', {
      name: 'bomb',
      repoPath: dir,
      context: 'dev',
      namespace: 'default',
    });
    const loaded = await t.api.call('manifests.load', { appId: app.id, revision: 'HEAD' });
    expect(loaded.problems.map((p) => [p.file, p.message])).toEqual([
      ['bomb.yaml', expect.stringMatching(/300\.0 MB; manifests larger than 5 MB are not loaded/)],
    ]);
    expect(loaded.objects.map((o) => o.key.name)).toEqual(['ok']);
    await expect(
      readBlobAt(gitRepo(dir), await sandbox.git(dir, 'rev-parse', 'HEAD'), 'bomb.yaml'),
    ).rejects.toThrow(/300 MB in commit [0-9a-f]{7}; files over 20 MB are not read/);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });
});

async function packIdx(dir: string): Promise<string[]> {
  return (await readdir(join(dir, '.git/objects/pack')))
    .filter((n) => n.endsWith('.idx'))
    .map((n) => join(dir, '.git/objects/pack', n));
}
