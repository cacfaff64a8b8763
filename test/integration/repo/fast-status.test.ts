import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../../../src-shared/model';
import { fastStatusRows, HashCache, TreeCache } from '../../../src-main/core/repo/fast-status';
import { gitRepo } from '../../../src-main/core/repo/git-repo';
import { isWorktreeTemp, statusRows } from '../../../src-main/core/repo/status';
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
    const hashes = new HashCache();
    const compare = async () => {
      for (const appPath of ['', 'app', 'app/deep']) {
        const repo = gitRepo(dir);
        const expected = (await statusRows(repo, appAt(dir, appPath))).filter(
          ([p, h, w, s]) => !(h === 1 && w === 1 && s === 1) && !isWorktreeTemp(p),
        );
        const actual = (await fastStatusRows(gitRepo(dir), trees, appPath, isWorktreeTemp, hashes)).filter(
          ([, h, w, s]) => !(h === 1 && w === 1 && s === 1),
        );
        expect(actual).toEqual(expected);
      }
    };
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
    await chmod(join(dir, 'script.sh'), 0o755);
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
});
