import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../../../src-shared/model';
import { expectFailure, startTestCore, type TestCore } from '../../support/core-client';
import { commitAll, configMap, createRepo, createSandbox, type Sandbox } from '../../support/git-fixtures';

const base = { context: 'dev', namespace: 'default' };

describe('repo: history, diffs and revert', () => {
  let sandbox: Sandbox;
  let t: TestCore;
  let repo: string;
  let app: AppSettings;
  const oids: string[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox();
    t = await startTestCore({ env: sandbox.env });
    repo = await createRepo(sandbox, 'repo', {
      'app/a.yaml': configMap('a'),
      'app/b.yaml': configMap('b'),
      'docs/readme.md': 'x\n',
    });
    oids.push(await sandbox.git(repo, 'rev-parse', 'HEAD'));
    oids.push(
      await commitAll(
        sandbox,
        repo,
        { 'app/a.yaml': configMap('a', { key: 'two' }) },
        'Change a\n\nWith a body.',
      ),
    );
    oids.push(await commitAll(sandbox, repo, { 'docs/readme.md': 'y\n' }, 'Docs only'));
    oids.push(await commitAll(sandbox, repo, { 'app/c.yaml': configMap('c') }, 'Add c'));
    oids.push(await commitAll(sandbox, repo, { 'app/b.yaml': configMap('b', { key: 'three' }) }, 'Change b'));
    app = await t.api.call('apps.add', { name: 'app', repoPath: repo, appPath: 'app', ...base });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.cleanup();
  });

  it('pages through the commits touching the app folder, newest first', async () => {
    const first = await t.api.call('repo.log', { appId: app.id, limit: 2 });
    expect(first.commits.map((c) => c.oid)).toEqual([oids[4], oids[3]]);
    expect(first.next).toBe(oids[3]);
    const second = await t.api.call('repo.log', { appId: app.id, limit: 2, cursor: first.next! });
    expect(second.commits.map((c) => c.oid)).toEqual([oids[1], oids[0]]); // "Docs only" does not touch app/
    expect(second.next).toBeUndefined();
    expect(second.commits[0]).toMatchObject({
      message: 'Change a\n\nWith a body.\n',
      parents: [oids[0]],
      author: { name: 'Global Tester', email: 'global@example.test' },
    });

    const forFile = await t.api.call('repo.log', { appId: app.id, path: 'a.yaml', limit: 50 });
    expect(forFile.commits.map((c) => c.oid)).toEqual([oids[1], oids[0]]);
  });

  it("lists a commit's changed files, diffs a file between commits, reads a file at a commit", async () => {
    expect((await t.api.call('repo.commitFiles', { appId: app.id, oid: oids[3]! })).files).toEqual([
      { path: 'c.yaml', change: 'added' },
    ]);
    expect((await t.api.call('repo.commitFiles', { appId: app.id, oid: oids[0]! })).files).toEqual([
      { path: 'a.yaml', change: 'added' },
      { path: 'b.yaml', change: 'added' },
    ]);
    expect(
      await t.api.call('repo.fileDiff', { appId: app.id, path: 'a.yaml', from: oids[0]!, to: oids[1]! }),
    ).toEqual({
      before: configMap('a'),
      after: configMap('a', { key: 'two' }),
    });
    expect(
      await t.api.call('repo.fileDiff', { appId: app.id, path: 'c.yaml', from: oids[0]!, to: oids[3]! }),
    ).toEqual({ before: null, after: configMap('c') });
    expect(await t.api.call('repo.fileAt', { appId: app.id, path: 'c.yaml', oid: oids[0]! })).toEqual({
      content: null,
    });
    await expectFailure(
      t.api.call('repo.fileAt', { appId: app.id, path: 'a.yaml', oid: 'f'.repeat(40) }),
      'not-found',
    );
  });

  it('reverts a commit: parent content restored, then "Revert" committed', async () => {
    const { oid } = await t.api.call('repo.revert', { appId: app.id, oid: oids[1]! });
    expect(await sandbox.git(repo, 'rev-parse', 'HEAD')).toBe(oid);
    expect(await sandbox.git(repo, 'log', '-1', '--format=%B')).toBe(
      `Revert "Change a"\n\nThis reverts commit ${oids[1]}.`,
    );
    expect(await readFile(join(repo, 'app/a.yaml'), 'utf8')).toBe(configMap('a'));
    expect(await sandbox.git(repo, 'status', '--porcelain')).toBe('');

    // Reverting an addition deletes the file.
    await t.api.call('repo.revert', { appId: app.id, oid: oids[3]! });
    expect(await sandbox.git(repo, 'ls-files', 'app/c.yaml')).toBe('');
  });

  it('stops with a conflict list and changes nothing when later commits or local edits touched the paths', async () => {
    const headBefore = await sandbox.git(repo, 'rev-parse', 'HEAD');
    // oids[0] added a.yaml (back to that content after the revert above), b.yaml and
    // docs/readme.md (outside the app folder, so named from the repository root); the last two changed since.
    const later = await expectFailure(
      t.api.call('repo.revert', { appId: app.id, oid: oids[0]! }),
      'conflict',
    );
    expect(later.detail).toEqual([
      { path: 'b.yaml', reason: 'changed-later' },
      { path: 'docs/readme.md', reason: 'changed-later' },
    ]);

    await writeFile(join(repo, 'app/b.yaml'), configMap('b', { key: 'local edit' }));
    const local = await expectFailure(
      t.api.call('repo.revert', { appId: app.id, oid: oids[4]! }),
      'conflict',
    );
    expect(local.detail).toEqual([{ path: 'b.yaml', reason: 'uncommitted' }]);
    expect(local.message).toBe(
      `Cannot revert ${oids[4]!.slice(0, 7)} automatically: b.yaml (uncommitted changes). Nothing was changed. Commit or discard local edits, or revert by hand.`,
    );
    expect(await sandbox.git(repo, 'rev-parse', 'HEAD')).toBe(headBefore);
    expect(await readFile(join(repo, 'app/b.yaml'), 'utf8')).toBe(configMap('b', { key: 'local edit' }));
    expect(await sandbox.git(repo, 'status', '--porcelain')).toBe('M app/b.yaml');
  });
  it('counts a file made executable as an uncommitted change: a revert leaves it alone', async () => {
    await sandbox.git(repo, 'checkout', '--', 'app/b.yaml');
    const headBefore = await sandbox.git(repo, 'rev-parse', 'HEAD');
    await chmod(join(repo, 'app/b.yaml'), 0o755);
    try {
      const local = await expectFailure(
        t.api.call('repo.revert', { appId: app.id, oid: oids[4]! }),
        'conflict',
      );
      expect(local.detail).toEqual([{ path: 'b.yaml', reason: 'uncommitted' }]);
      expect(await sandbox.git(repo, 'rev-parse', 'HEAD')).toBe(headBefore);
      expect((await stat(join(repo, 'app/b.yaml'))).mode & 0o111).not.toBe(0);
    } finally {
      await chmod(join(repo, 'app/b.yaml'), 0o644);
    }
  });
});
