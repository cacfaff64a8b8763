import { chmod, mkdir, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../../../src-shared/model';
import { fastStatusRows, TreeCache } from '../../../src-main/core/repo/fast-status';
import { StatusCache } from '../../../src-main/core/repo/status-cache';
import { gitRepo } from '../../../src-main/core/repo/git-repo';
import { appStatus, isWorktreeTemp, statusRows } from '../../../src-main/core/repo/status';
import { configMap, createRepo, createSandbox, writeFiles, type Sandbox } from '../../support/git-fixtures';

function appAt(repoPath: string, appPath: string): AppSettings {
  return {
    id: 'a',
    name: 'a',
    repoPath,
    appPath,
    context: 'dev',
    namespace: 'default',
    options: { prune: false, autoSync: false, selfHeal: false },
  };
}

/** Our rows against isomorphic-git's statusMatrix, for the whole repository and two app folders. */
async function expectSameAsStatusMatrix(
  dir: string,
  trees: TreeCache,
  cache: StatusCache,
  appPaths: readonly string[] = ['', 'app', 'app/deep'],
): Promise<void> {
  for (const appPath of appPaths) {
    const expected = (await statusRows(gitRepo(dir), appAt(dir, appPath))).filter(
      ([p, h, w, s]) => !(h === 1 && w === 1 && s === 1) && !isWorktreeTemp(p),
    );
    const actual = (await fastStatusRows(gitRepo(dir), trees, appPath, isWorktreeTemp, cache)).filter(
      ([, h, w, s]) => !(h === 1 && w === 1 && s === 1),
    );
    expect(actual, `app folder "${appPath}"`).toEqual(expected);
  }
}

describe('repo: status from the index stat data matches isomorphic-git statusMatrix', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(async () => {
    await sandbox?.cleanup();
  });

  it('in every state a file can be in, for the whole repository and for an app folder', async () => {
    const dir = await createRepo(sandbox, 'states', {
      '.gitignore': 'ignored.yaml\nbuild/\n',
      'app/clean.yaml': configMap('clean'),
      'app/modified.yaml': configMap('m'),
      'app/staged.yaml': configMap('s'),
      'app/staged-then-edited.yaml': configMap('se'),
      'app/deleted.yaml': configMap('d'),
      'app/staged-deletion.yaml': configMap('sd'),
      'app/becomes-folder.yaml': configMap('bf'),
      'app/same-size.yaml': configMap('aaaa'),
      'app/deep/er/nested.yaml': configMap('n'),
      'other/o.yaml': configMap('o'),
      'script.sh': 'echo hi\n',
    });
    const trees = new TreeCache();
    const cache = new StatusCache();
    const compare = () => expectSameAsStatusMatrix(dir, trees, cache);
    await compare();

    await writeFiles(dir, {
      'app/modified.yaml': configMap('m', { key: 'changed' }),
      'app/staged.yaml': configMap('s', { key: 'staged' }),
      'app/staged-then-edited.yaml': configMap('se', { key: 'one' }),
      'app/new.yaml': configMap('new'),
      'app/new-staged.yaml': configMap('ns'),
      'app/ignored.yaml': 'ignored',
      'app/build/out.yaml': 'ignored folder',
      'app/deep/er/new.yaml': configMap('deep new'),
      'other/o.yaml': configMap('o', { key: 'outside' }),
    });
    await sandbox.git(dir, 'add', 'app/staged.yaml', 'app/staged-then-edited.yaml', 'app/new-staged.yaml');
    await writeFile(join(dir, 'app/staged-then-edited.yaml'), configMap('se', { key: 'two' }));
    await rm(join(dir, 'app/deleted.yaml'));
    await sandbox.git(dir, 'rm', '-q', 'app/staged-deletion.yaml');
    await rm(join(dir, 'app/becomes-folder.yaml'));
    await mkdir(join(dir, 'app/becomes-folder.yaml'));
    await writeFile(join(dir, 'app/becomes-folder.yaml/inside.yaml'), configMap('inside'));
    await symlink('clean.yaml', join(dir, 'app/link.yaml'));
    // Same size, same second: only the content tells it apart.
    await writeFile(join(dir, 'app/same-size.yaml'), configMap('bbbb'));
    await writeFile(join(dir, 'app/.clean.yaml.0123456789ab.tmp'), 'a save in flight');
    await compare();
    // Edited files' hashes are kept by stat data: a later same-size edit must still be seen.
    await new Promise((r) => setTimeout(r, 120));
    await compare();
    await writeFile(join(dir, 'app/modified.yaml'), configMap('m', { key: 'chang3' }));
    await writeFile(join(dir, 'app/same-size.yaml'), configMap('aaaa'));
    await compare();

    await sandbox.git(dir, 'add', '-A');
    await sandbox.git(dir, 'commit', '-qm', 'Everything');
    await compare();
    await writeFile(join(dir, 'app/deep/er/nested.yaml'), configMap('n', { key: 'after commit' }));
    await compare();
  });

  it('after commits, resets, checkouts and renames by the git CLI, with packed history and staged folders', async () => {
    const files: Record<string, string> = { '.gitignore': 'build/\n' };
    for (let i = 0; i < 30; i++) files[`app/team-${i % 3}/svc-${i}/cm.yaml`] = configMap(`cm-${i}`);
    files['app/deep/er/nested.yaml'] = configMap('n');
    const dir = await createRepo(sandbox, 'history', files);
    for (let i = 0; i < 12; i++) {
      await writeFile(join(dir, `app/team-${i % 3}/svc-${i}/cm.yaml`), configMap(`cm-${i}`, { rev: `${i}` }));
      await sandbox.git(dir, 'commit', '-qam', `Edit ${i}`);
    }
    await sandbox.git(dir, 'branch', 'other', 'HEAD~5');
    // Packed with deltas: HEAD's trees come from the packfile.
    await sandbox.git(dir, 'gc', '-q', '--aggressive');
    const trees = new TreeCache();
    const cache = new StatusCache();
    const compare = () => expectSameAsStatusMatrix(dir, trees, cache, ['', 'app', 'app/team-1']);
    await compare();

    // Staged in one folder, edited in another, renamed across folders.
    await writeFile(join(dir, 'app/team-1/svc-1/cm.yaml'), configMap('cm-1', { staged: 'yes' }));
    await sandbox.git(dir, 'add', 'app/team-1/svc-1/cm.yaml');
    await writeFile(join(dir, 'app/team-2/svc-2/cm.yaml'), configMap('cm-2', { edited: 'yes' }));
    await sandbox.git(dir, 'mv', 'app/team-0/svc-3/cm.yaml', 'app/team-1/svc-3-moved.yaml');
    await writeFile(join(dir, 'app/team-0/svc-6/new.yaml'), configMap('new'));
    await sandbox.git(dir, 'add', 'app/team-0/svc-6/new.yaml');
    await compare();
    const changes = await appStatus(gitRepo(dir), appAt(dir, 'app'), trees, cache);
    expect(changes).toEqual(
      expect.arrayContaining([
        { path: 'team-1/svc-1/cm.yaml', change: 'modified', staged: true },
        { path: 'team-2/svc-2/cm.yaml', change: 'modified', staged: false },
        { path: 'team-0/svc-3/cm.yaml', change: 'deleted', staged: true },
        { path: 'team-1/svc-3-moved.yaml', change: 'added', staged: true },
        { path: 'team-0/svc-6/new.yaml', change: 'added', staged: true },
      ]),
    );
    expect(changes).toHaveLength(5);

    // HEAD moves under the same caches: a commit, a reset, a checkout, all by the CLI.
    await sandbox.git(dir, 'commit', '-qm', 'Staged work');
    await compare();
    await sandbox.git(dir, 'reset', '-q', '--soft', 'HEAD~1');
    await compare();
    await sandbox.git(dir, 'reset', '-q', '--hard', 'HEAD');
    await compare();
    await sandbox.git(dir, 'checkout', '-q', 'other');
    await compare();
    await writeFile(join(dir, 'app/team-0/svc-0/cm.yaml'), configMap('cm-0', { on: 'other' }));
    await compare();
    await sandbox.git(dir, 'checkout', '-q', '-f', 'main');
    await compare();
    // A merge conflict leaves stages 1-3 in the index.
    await sandbox.git(dir, 'checkout', '-q', '-b', 'side', 'HEAD~1');
    await writeFile(join(dir, 'app/team-2/svc-11/cm.yaml'), configMap('cm-11', { side: 'yes' }));
    await sandbox.git(dir, 'commit', '-qam', 'Side');
    await sandbox.git(dir, 'checkout', '-q', 'main');
    await writeFile(join(dir, 'app/team-2/svc-11/cm.yaml'), configMap('cm-11', { main: 'yes' }));
    await sandbox.git(dir, 'commit', '-qam', 'Main');
    await sandbox.git(dir, 'merge', '-q', 'side').catch(() => undefined);
    await compare();
  });

  it('honours a .gitignore below the root and info/exclude, with no .gitignore at the root', async () => {
    const dir = await createRepo(sandbox, 'ignores', {
      'app/sub/.gitignore': 'secret.yaml\ntmp/\n',
      'app/sub/kept.yaml': configMap('kept'),
      'app/other/o.yaml': configMap('o'),
    });
    await writeFiles(dir, {
      'app/sub/secret.yaml': 'ignored here',
      'app/sub/deeper/secret.yaml': 'ignored below too',
      'app/secret.yaml': 'not ignored above the .gitignore',
      'app/sub/tmp/x.yaml': 'ignored folder',
      'app/other/local.yaml': 'excluded later',
      'local.yaml': 'excluded later',
      'app/new.yaml': configMap('new'),
    });
    const trees = new TreeCache();
    const cache = new StatusCache();
    const appPaths = ['', 'app', 'app/sub', 'app/other'];
    await expectSameAsStatusMatrix(dir, trees, cache, appPaths);
    await writeFile(join(dir, '.git/info/exclude'), '# comment\nlocal.yaml\n');
    await expectSameAsStatusMatrix(dir, trees, cache, appPaths);
    const paths = (await appStatus(gitRepo(dir), appAt(dir, ''), trees, cache)).map((c) => c.path);
    expect(paths.sort()).toEqual(['app/new.yaml', 'app/secret.yaml']);
  });

  it('with folder listings and the parsed index reused between calls, sees every change made since', async () => {
    const dir = await createRepo(sandbox, 'reused', {
      '.gitignore': 'build/\n',
      'app/a.yaml': configMap('a'),
      'app/sub/b.yaml': configMap('b'),
      'app/sub/deep/c.yaml': configMap('c'),
    });
    const trees = new TreeCache();
    const cache = new StatusCache();
    // Listings are kept only once their folder's last change is older than the clock tick.
    const settle = () => new Promise((r) => setTimeout(r, 120));
    const compare = async () => {
      await expectSameAsStatusMatrix(dir, trees, cache, ['', 'app', 'app/sub']);
      await settle();
      await expectSameAsStatusMatrix(dir, trees, cache, ['', 'app', 'app/sub']);
    };
    const steps: (() => Promise<unknown>)[] = [
      () => writeFile(join(dir, 'app/sub/deep/new.yaml'), configMap('new')),
      () => rm(join(dir, 'app/sub/deep/new.yaml')),
      () => mkdir(join(dir, 'app/fresh/er'), { recursive: true }),
      () => writeFile(join(dir, 'app/fresh/er/x.yaml'), configMap('x')),
      async () => {
        await rm(join(dir, 'app/a.yaml'));
        await mkdir(join(dir, 'app/a.yaml'));
        await writeFile(join(dir, 'app/a.yaml/inside.yaml'), configMap('inside'));
      },
      () => sandbox.git(dir, 'mv', 'app/sub/b.yaml', 'app/sub/renamed.yaml'),
      () => writeFile(join(dir, 'app/sub/build.yaml'), 'a file named like the ignored folder'),
      () =>
        mkdir(join(dir, 'app/sub/build')).then(() => writeFile(join(dir, 'app/sub/build/out.yaml'), 'out')),
      // A rule added later hides what a kept listing holds.
      () => writeFile(join(dir, 'app/.gitignore'), 'fresh/\n'),
      () => sandbox.git(dir, 'add', '-A'),
      () => sandbox.git(dir, 'commit', '-qm', 'All'),
      () => sandbox.git(dir, 'rm', '-rq', '--cached', 'app/sub'),
      () => sandbox.git(dir, 'reset', '-q', '--hard'),
    ];
    await compare();
    for (const step of steps) {
      await step();
      await compare();
    }
    expect(await sandbox.git(dir, 'status', '--porcelain')).toBe('');
  });

  it('reuses listings only where a test folder showed the file system stamps folder changes', async () => {
    const dir = await createRepo(sandbox, 'stamps', { 'a.yaml': configMap('a') });
    const before = (await readdir(join(dir, '.git'))).sort();
    const cache = new StatusCache();
    expect(cache.foldersTellChanges(join(dir, '.git'))).toBe(true);
    // The test folder is gone, and the answer is kept: no second test folder is made.
    expect((await readdir(join(dir, '.git'))).sort()).toEqual(before);
    await chmod(join(dir, '.git'), 0o555);
    try {
      expect(cache.foldersTellChanges(join(dir, '.git'))).toBe(true);
      // Where the test cannot run (a read-only .git), listings are never reused.
      if (process.getuid?.() !== 0)
        expect(new StatusCache().foldersTellChanges(join(dir, '.git'))).toBe(false);
    } finally {
      await chmod(join(dir, '.git'), 0o755);
    }
  });

  it('shows a file made executable as modified, as git status does, staged once added', async () => {
    const dir = await createRepo(sandbox, 'modes', {
      'app/run.sh': 'echo hi\n',
      'app/plain.yaml': configMap('p'),
    });
    const status = () => appStatus(gitRepo(dir), appAt(dir, 'app'), new TreeCache(), new StatusCache());
    await chmod(join(dir, 'app/run.sh'), 0o755);
    expect(await sandbox.git(dir, 'status', '--porcelain')).toBe('M app/run.sh');
    expect(await status()).toEqual([{ path: 'run.sh', change: 'modified', staged: false }]);
    await sandbox.git(dir, 'add', 'app/run.sh');
    expect(await status()).toEqual([{ path: 'run.sh', change: 'modified', staged: true }]);
    await sandbox.git(dir, 'commit', '-qm', 'Executable');
    expect(await status()).toEqual([]);
    // With core.fileMode off (file systems without the bit), git keeps the index's mode.
    await sandbox.git(dir, 'config', 'core.fileMode', 'false');
    await chmod(join(dir, 'app/run.sh'), 0o644);
    expect(await sandbox.git(dir, 'status', '--porcelain')).toBe('');
    expect(await status()).toEqual([]);
  });

  it('hashes a file whose stat data match the index when it changed in the clock tick the index was written', async () => {
    const dir = await createRepo(sandbox, 'racy', { 'app/racy.yaml': configMap('aaaa') });
    const file = join(dir, 'app/racy.yaml');
    // The file's mtime is at or after the index's, as when both are written within one tick.
    const future = new Date(Date.now() + 60_000);
    await utimes(file, future, future);
    await sandbox.git(dir, 'add', 'app/racy.yaml');
    expect((await stat(file)).mtimeMs).toBeGreaterThanOrEqual((await stat(join(dir, '.git/index'))).mtimeMs);
    // Same size, same inode, mtime put back: only the content tells it apart.
    await writeFile(file, configMap('bbbb'));
    await utimes(file, future, future);
    const trees = new TreeCache();
    const cache = new StatusCache();
    const changes = await appStatus(gitRepo(dir), appAt(dir, 'app'), trees, cache);
    expect(changes).toEqual([{ path: 'racy.yaml', change: 'modified', staged: false }]);
    await expectSameAsStatusMatrix(dir, trees, cache, ['', 'app']);
  });

  it('reads HEAD through isomorphic-git when its own packfile lookup finds nothing', async () => {
    const dir = await createRepo(sandbox, 'fallback', {
      'app/a.yaml': configMap('a'),
      'app/sub/b.yaml': configMap('b'),
    });
    await writeFile(join(dir, 'app/a.yaml'), configMap('a', { v: '2' }));
    await sandbox.git(dir, 'commit', '-qam', 'Second');
    await sandbox.git(dir, 'gc', '-q');
    // A zeroed fan-out table hides every object from the binary search; isomorphic-git reads the
    // index's object list in full and still finds them.
    const packDir = join(dir, '.git/objects/pack');
    const idxName = (await readdir(packDir)).find((n) => n.endsWith('.idx'))!;
    const idx = await readFile(join(packDir, idxName));
    idx.fill(0, 8, 8 + 255 * 4);
    await chmod(join(packDir, idxName), 0o644);
    await writeFile(join(packDir, idxName), idx);
    await writeFile(join(dir, 'app/sub/b.yaml'), configMap('b', { v: 'edited' }));
    await writeFile(join(dir, 'app/a.yaml'), configMap('a', { v: 'staged' }));
    await sandbox.git(dir, 'add', 'app/a.yaml');
    const changes = await appStatus(gitRepo(dir), appAt(dir, 'app'), new TreeCache(), new StatusCache());
    expect(changes).toEqual([
      { path: 'a.yaml', change: 'modified', staged: true },
      { path: 'sub/b.yaml', change: 'modified', staged: false },
    ]);
  });
});
