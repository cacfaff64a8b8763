import { chmod, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexTreeOids, readIndex } from '../../../src-main/core/repo/git-index';
import { readObject, readStored } from '../../../src-main/core/repo/git-objects';
import { gitRepo } from '../../../src-main/core/repo/git-repo';
import { configMap, createRepo, createSandbox, type Sandbox } from '../../support/git-fixtures';

describe('repo: objects read straight from loose files and packfiles', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  it('are what isomorphic-git reads, for every object of a delta-packed history and a loose one', async () => {
    const dir = await createRepo(sandbox, 'objects', {
      'app/a.yaml': configMap('a'),
      'b.yaml': configMap('b'),
    });
    for (let i = 0; i < 20; i++) {
      await writeFile(join(dir, 'app/a.yaml'), configMap('a', { rev: `${i}`, long: 'x'.repeat(200 + i) }));
      await sandbox.git(dir, 'commit', '-qam', `Edit ${i}`);
    }
    await sandbox.git(dir, 'gc', '-q', '--aggressive');
    await writeFile(join(dir, 'b.yaml'), configMap('b', { loose: 'yes' }));
    await sandbox.git(dir, 'commit', '-qam', 'Loose');
    const verified = await sandbox.git(dir, 'cat-file', '--batch-all-objects', '--batch-check');
    // Deltas are what this reader has to rebuild; the packed history must hold some.
    const packed = await sandbox.git(dir, 'verify-pack', '-v', ...(await packIdx(dir)));
    expect(packed).toMatch(/ \d+ \d+ \d+ [0-9a-f]{40}\n/);
    const repo = gitRepo(dir);
    const lines = verified.split('\n');
    expect(lines.length).toBeGreaterThan(60);
    for (const line of lines) {
      const [oid, type] = line.split(' ');
      expect(await readStored(repo, oid!), oid).not.toBeNull();
      const ours = await readObject(repo, oid!);
      const theirs = await git.readObject({ fs: repo.fs, dir, oid: oid!, format: 'content', cache: {} });
      expect(ours.type, oid).toBe(type);
      expect(ours.type).toBe(theirs.type);
      expect(Buffer.compare(ours.content, Buffer.from(theirs.object as Uint8Array)), oid).toBe(0);
    }
  });

  it('computes from the index the very tree oids git writes, in the order git sorts names', async () => {
    const dir = await createRepo(sandbox, 'trees', {
      'a-b': 'file before the folder a/\n',
      'a/x.yaml': configMap('x'),
      'a.b/y.yaml': configMap('y'),
      a0: 'after a/\n',
      'ü/ñ.yaml': configMap('unicode'),
      'deep/er/still/deeper.yaml': configMap('deep'),
      'run.sh': 'echo hi\n',
    });
    await chmod(join(dir, 'run.sh'), 0o755);
    await symlink('a0', join(dir, 'link'));
    await sandbox.git(dir, 'add', '-A');
    const oids = indexTreeOids((await readIndex(join(dir, '.git/index')))!);
    expect(oids.get('')).toBe(await sandbox.git(dir, 'write-tree'));
    expect(oids.get('deep/er')).toBe(await sandbox.git(dir, 'rev-parse', `${oids.get('')}:deep/er`));
    expect(oids.get('ü')).toBe(await sandbox.git(dir, 'rev-parse', `${oids.get('')}:ü`));
  });
});

async function packIdx(dir: string): Promise<string[]> {
  const pack = join(dir, '.git/objects/pack');
  return (await readdir(pack)).filter((n) => n.endsWith('.idx')).map((n) => join(pack, n));
}
