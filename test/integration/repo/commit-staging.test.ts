import { chmod, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFailure, startTestCore, type TestCore } from '../../support/core-client';
import { configMap, createRepo, createSandbox, writeFiles, type Sandbox } from '../../support/git-fixtures';

const base = { context: 'dev', namespace: 'default' };

/** `git fsck --full` prints nothing but dangling objects. */
async function fsckLines(sandbox: Sandbox, dir: string): Promise<string[]> {
  return (await sandbox.git(dir, 'fsck', '--full', '--no-progress'))
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('dangling '));
}

describe('repo: commit stages files as git does', () => {
  let sandbox: Sandbox;
  let t: TestCore;

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'Global Tester', email: 'global@example.test' });
    t = await startTestCore({ env: sandbox.env });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.cleanup();
  });

  it('writes the index, trees and commit git would: stat data, modes, order, non-ASCII names, removals', async () => {
    const dir = await createRepo(sandbox, 'staging', {
      '.gitignore': 'ignored.yaml\n',
      'x.yaml': configMap('x'),
      'x/y.yaml': configMap('y'),
      'x-y.yaml': configMap('xy'),
      'deep/a/b/c.yaml': configMap('c'),
      'deep/a/keep.yaml': configMap('keep'),
      'run.sh': 'echo hi\n',
      'gone/one.yaml': configMap('one'),
      'gone/two.yaml': configMap('two'),
      'other.yaml': configMap('other'),
    });
    const app = await t.api.call('apps.add', { name: 'staging', repoPath: dir, ...base });
    await writeFiles(dir, {
      'x.yaml': configMap('x', { key: 'edited' }),
      'x/y.yaml': configMap('y', { key: 'edited' }),
      'deep/a/b/c.yaml': configMap('c', { key: 'edited' }),
      'deep/a/b/new.yaml': configMap('new'),
      'new/nested/ü-ß.yaml': configMap('umlaut'),
      'ignored.yaml': 'never committed',
      'other.yaml': configMap('other', { key: 'staged, not committed' }),
    });
    await chmod(join(dir, 'run.sh'), 0o755);
    await rm(join(dir, 'gone'), { recursive: true });
    // Staged by someone else, not selected: stays staged and out of the commit.
    await sandbox.git(dir, 'add', 'other.yaml');
    const parent = await sandbox.git(dir, 'rev-parse', 'HEAD');

    const selected = [
      'x.yaml',
      'x/y.yaml',
      'deep/a/b/c.yaml',
      'deep/a/b/new.yaml',
      'new/nested/ü-ß.yaml',
      'run.sh',
      'gone/one.yaml',
      'gone/two.yaml',
      'ignored.yaml',
    ];
    const { oid } = await t.api.call('repo.commit', {
      appId: app.id,
      paths: selected,
      message: 'Many kinds\r\n\r\n',
    });

    expect(await sandbox.git(dir, 'rev-parse', 'HEAD')).toBe(oid);
    expect(await sandbox.git(dir, 'rev-parse', 'HEAD^')).toBe(parent);
    expect(await sandbox.git(dir, 'log', '-1', '--format=%B')).toBe('Many kinds');
    expect(await sandbox.git(dir, 'log', '-1', '--format=%an <%ae>|%cn <%ce>')).toBe(
      'Global Tester <global@example.test>|Global Tester <global@example.test>',
    );
    expect(
      (
        await sandbox.git(
          dir,
          '-c',
          'core.quotepath=false',
          'show',
          '--no-renames',
          '--name-status',
          '--format=',
          'HEAD',
        )
      )
        .split('\n')
        .sort(),
    ).toEqual(
      [
        'M\tdeep/a/b/c.yaml',
        'A\tdeep/a/b/new.yaml',
        'D\tgone/one.yaml',
        'D\tgone/two.yaml',
        'A\tnew/nested/ü-ß.yaml',
        'M\trun.sh',
        'M\tx.yaml',
        'M\tx/y.yaml',
      ].sort(),
    );
    expect(await sandbox.git(dir, 'ls-files', '-s', 'run.sh')).toMatch(/^100755 /);
    // The index holds exactly what was committed plus the other staged file: the tree git
    // writes from it is HEAD's tree with other.yaml's staged version.
    expect(await sandbox.git(dir, 'diff', '--cached', '--name-only')).toBe('other.yaml');
    // Stat data as git records it: git sees no file as stat-dirty without rehashing.
    expect(await sandbox.git(dir, 'diff-files', '--name-only')).toBe('');
    expect(await sandbox.git(dir, 'status', '--porcelain')).toBe('M  other.yaml');
    expect(await fsckLines(sandbox, dir)).toEqual([]);
    // Trees in git's order (x-y.yaml < x.yaml < x/): git's own write-tree agrees once other.yaml is reset.
    await sandbox.git(dir, 'reset', '-q', 'other.yaml');
    expect(await sandbox.git(dir, 'write-tree')).toBe(await sandbox.git(dir, 'rev-parse', 'HEAD^{tree}'));
  });

  it('commits a selected folder (with removals and ignored files), and a file and a folder swapping places', async () => {
    const dir = await createRepo(sandbox, 'shapes', {
      '.gitignore': '*.tmp\nbuild/\n',
      'a.yaml': configMap('a'),
      'was-folder/inner.yaml': configMap('inner'),
      'was-file': configMap('was a file'),
      'folder/old.yaml': configMap('old'),
    });
    const app = await t.api.call('apps.add', { name: 'shapes', repoPath: dir, ...base });
    await rm(join(dir, 'was-folder'), { recursive: true });
    await writeFile(join(dir, 'was-folder'), configMap('now a file'));
    await mkdir(join(dir, 'folder/sub'), { recursive: true });
    await writeFile(join(dir, 'folder/sub/one.yaml'), configMap('one'));
    await writeFile(join(dir, 'folder/two.yaml'), configMap('two'));
    await writeFile(join(dir, 'folder/scratch.tmp'), 'ignored');
    await mkdir(join(dir, 'folder/build'), { recursive: true });
    await writeFile(join(dir, 'folder/build/out.yaml'), 'ignored');
    await rm(join(dir, 'folder/old.yaml'));
    await rm(join(dir, 'was-file'));
    await mkdir(join(dir, 'was-file'));
    await writeFile(join(dir, 'was-file/inside.yaml'), configMap('inside'));
    await symlink('a.yaml', join(dir, 'folder/link'));

    await t.api.call('repo.commit', {
      appId: app.id,
      paths: ['was-folder', 'folder', 'was-file/inside.yaml'],
      message: 'Shapes',
    });
    expect(await sandbox.git(dir, 'ls-tree', '-r', 'HEAD')).toBe(
      await sandbox.git(dir, 'ls-tree', '-r', await sandbox.git(dir, 'write-tree')),
    );
    expect(await sandbox.git(dir, 'ls-tree', '-r', '--name-only', 'HEAD')).toBe(
      [
        '.gitignore',
        'a.yaml',
        'folder/link',
        'folder/sub/one.yaml',
        'folder/two.yaml',
        'was-file/inside.yaml',
        'was-folder',
      ].join('\n'),
    );
    expect(await sandbox.git(dir, 'ls-files', '-s', 'folder/link')).toMatch(/^120000 /);
    expect(await sandbox.git(dir, 'status', '--porcelain')).toBe('');
    expect(await fsckLines(sandbox, dir)).toEqual([]);
  });

  it('converts CRLF line ends when core.autocrlf asks for it', async () => {
    const dir = await createRepo(sandbox, 'crlf', { 'a.yaml': configMap('a') });
    await sandbox.git(dir, 'config', 'core.autocrlf', 'true');
    const app = await t.api.call('apps.add', { name: 'crlf', repoPath: dir, ...base });
    await writeFile(join(dir, 'a.yaml'), 'kind: ConfigMap\r\nmetadata:\r\n  name: a\r\n');
    await t.api.call('repo.commit', { appId: app.id, paths: ['a.yaml'], message: 'CRLF' });
    expect(await sandbox.git(dir, 'cat-file', '-p', 'HEAD:a.yaml')).toBe(
      'kind: ConfigMap\nmetadata:\n  name: a',
    );
    expect(await fsckLines(sandbox, dir)).toEqual([]);
  });

  it('changes neither the index nor the branch while git holds the branch lock', async () => {
    const dir = await createRepo(sandbox, 'ref-locked', { 'a.yaml': configMap('a') });
    const app = await t.api.call('apps.add', { name: 'ref-locked', repoPath: dir, ...base });
    await writeFile(join(dir, 'a.yaml'), configMap('a', { key: 'edited' }));
    const lock = join(dir, '.git/refs/heads/main.lock');
    await writeFile(lock, 'held by git');
    const head = await sandbox.git(dir, 'rev-parse', 'HEAD');
    const index = await readFile(join(dir, '.git/index'));

    const err = await expectFailure(
      t.api.call('repo.commit', { appId: app.id, paths: ['a.yaml'], message: 'Blocked' }),
      'busy',
    );
    expect(err.message).toContain(lock);
    expect(await sandbox.git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(await readFile(join(dir, '.git/index'))).toEqual(index);
    expect(await readFile(lock, 'utf8')).toBe('held by git');
    await expect(readFile(join(dir, '.git/index.lock'))).rejects.toThrow();

    await rm(lock);
    await t.api.call('repo.commit', { appId: app.id, paths: ['a.yaml'], message: 'Unblocked' });
    expect(await sandbox.git(dir, 'status', '--porcelain')).toBe('');
    expect(await fsckLines(sandbox, dir)).toEqual([]);
  });

  it('stages even when there is nothing to commit, as git add would', async () => {
    const dir = await createRepo(sandbox, 'nothing', { 'a.yaml': configMap('a') });
    const app = await t.api.call('apps.add', { name: 'nothing', repoPath: dir, ...base });
    await writeFile(join(dir, 'a.yaml'), configMap('a', { key: 'staged by git' }));
    await sandbox.git(dir, 'add', 'a.yaml');
    await writeFile(join(dir, 'a.yaml'), configMap('a'));
    await expectFailure(
      t.api.call('repo.commit', { appId: app.id, paths: ['a.yaml'], message: 'Nothing' }),
      'invalid',
    );
    expect(await sandbox.git(dir, 'status', '--porcelain')).toBe('');
  });

  it('refuses while the index has unresolved conflicts, or is damaged, and changes nothing', async () => {
    const dir = await createRepo(sandbox, 'refused', { 'c.yaml': configMap('c'), 'd.yaml': configMap('d') });
    await sandbox.git(dir, 'checkout', '-q', '-b', 'side');
    await writeFile(join(dir, 'c.yaml'), configMap('c', { key: 'side' }));
    await sandbox.git(dir, 'commit', '-q', '-am', 'Side');
    await sandbox.git(dir, 'checkout', '-q', 'main');
    await writeFile(join(dir, 'c.yaml'), configMap('c', { key: 'main' }));
    await sandbox.git(dir, 'commit', '-q', '-am', 'Main');
    await expect(sandbox.git(dir, 'merge', '-q', 'side')).rejects.toThrow();
    // The merge is abandoned by hand, leaving the conflict entries in the index.
    for (const f of ['MERGE_HEAD', 'MERGE_MSG', 'MERGE_MODE', 'AUTO_MERGE'])
      await rm(join(dir, '.git', f), { force: true });
    const app = await t.api.call('apps.add', { name: 'refused', repoPath: dir, ...base });
    await writeFile(join(dir, 'd.yaml'), configMap('d', { key: 'edited' }));
    const head = await sandbox.git(dir, 'rev-parse', 'HEAD');
    const index = await readFile(join(dir, '.git/index'));

    const conflict = await expectFailure(
      t.api.call('repo.commit', { appId: app.id, paths: ['d.yaml'], message: 'Blocked' }),
      'conflict',
    );
    expect(conflict.message).toContain('c.yaml');
    expect(await sandbox.git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(await readFile(join(dir, '.git/index'))).toEqual(index);

    await sandbox.git(dir, 'reset', '-q', '--merge');
    await writeFile(join(dir, 'd.yaml'), configMap('d', { key: 'edited' }));
    const damaged = await readFile(join(dir, '.git/index'));
    const last = damaged.length - 1;
    damaged.writeUInt8(damaged.readUInt8(last) ^ 0xff, last);
    await writeFile(join(dir, '.git/index'), damaged);
    await expect(
      t.api.call('repo.commit', { appId: app.id, paths: ['d.yaml'], message: 'Damaged' }),
    ).rejects.toThrow(/checksum/);
    expect(await sandbox.git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(await readFile(join(dir, '.git/index'))).toEqual(damaged);
  });
});
