import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../../../../src-shared/model';
import { ManifestService } from '../../../../src-main/core/manifests/manifest-service';
import type { DesiredObject } from '../../../../src-main/core/manifests/types';
import { configMap, createRepo, createSandbox, type Sandbox } from '../../../support/git-fixtures';

function appOf(repoPath: string, appPath = ''): AppSettings {
  return {
    id: 'paths-app',
    name: 'paths-app',
    repoPath,
    appPath,
    context: 'c',
    namespace: 'n',
    options: { prune: false, autoSync: false, selfHeal: false },
  };
}

const linkProblems = (m: { problems: { file: string; message: string }[] }) =>
  m.problems.filter((p) => /symbolic link/.test(p.message)).map((p) => p.file);

describe('manifest loading', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(() => sandbox.cleanup());

  it('reports the symbolic links of a commit as of the working copy: in subfolders, inside the app folder only', async () => {
    const dir = await createRepo(sandbox, 'links', {
      'app/real.txt': configMap('real'),
      'app/cm.yaml': configMap('cm'),
      'app/deep/er/real.txt': configMap('deep'),
      'outside/real.txt': configMap('outside'),
    });
    await symlink('real.txt', join(dir, 'app/linked.yaml'));
    await symlink('real.txt', join(dir, 'app/deep/er/linked.json'));
    await symlink('real.txt', join(dir, 'app/not-a-manifest.txt'));
    await symlink('real.txt', join(dir, 'outside/linked.yaml'));
    await sandbox.git(dir, 'add', '-A');
    await sandbox.git(dir, 'commit', '-q', '-m', 'Links');
    const service = new ManifestService({ env: sandbox.env });
    for (const appPath of ['app', '']) {
      const app = appOf(dir, appPath);
      const head = await service.load(app, 'HEAD');
      const expected =
        appPath === 'app'
          ? ['deep/er/linked.json', 'linked.yaml']
          : ['app/deep/er/linked.json', 'app/linked.yaml', 'outside/linked.yaml'];
      expect(linkProblems(head).sort(), appPath).toEqual(expected);
      expect(linkProblems(await service.load(app, 'worktree')).sort(), appPath).toEqual(expected);
      expect(head.objects.some((o) => o.key.name === 'cm')).toBe(true);
    }
  });

  it('hears every file’s objects as they are parsed, from HEAD and from the working copy', async () => {
    const dir = await createRepo(sandbox, 'listener', {
      'a.yaml': `${configMap('a1')}---\n${configMap('a2')}`,
      'sub/b.yaml': configMap('b'),
      'broken.yaml': 'kind: [',
    });
    const service = new ManifestService({ env: sandbox.env });
    for (const revision of ['HEAD', 'worktree'] as const) {
      const heard: DesiredObject[] = [];
      const loaded = await service.load(appOf(dir), revision, (objects) => heard.push(...objects));
      expect(heard.map((o) => o.key.name).sort(), revision).toEqual(['a1', 'a2', 'b']);
      expect(new Set(heard)).toEqual(new Set(loaded.objects));
    }
  });

  it('a clean working copy shares the documents of HEAD; after a save only the saved file differs', async () => {
    const dir = await createRepo(sandbox, 'shared', {
      'a.yaml': configMap('a'),
      'b.yaml': configMap('b'),
    });
    const app = appOf(dir);
    const service = new ManifestService({ env: sandbox.env });
    const head = await service.load(app, 'HEAD');
    const worktree = await service.load(app, 'worktree');
    const body = (m: { objects: DesiredObject[] }, name: string) =>
      m.objects.find((o) => o.key.name === name)!;
    for (const name of ['a', 'b']) expect(body(worktree, name)).toBe(body(head, name));

    await writeFile(join(dir, 'a.yaml'), configMap('a', { key: 'edited' }));
    service.changed(app, ['a.yaml'], false);
    const saved = await service.load(app, 'worktree');
    expect(body(saved, 'a').body).toMatchObject({ data: { key: 'edited' } });
    expect(body(saved, 'b')).toBe(body(head, 'b'));
    expect(await service.load(app, 'HEAD')).toBe(head);
  });
});
