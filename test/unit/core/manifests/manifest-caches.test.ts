import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../../../../src-shared/model';
import { ManifestService } from '../../../../src-main/core/manifests/manifest-service';
import { treeOrder } from '../../../../src-main/core/manifests/worktree-listing';
import {
  commitAll,
  configMap,
  createRepo,
  createSandbox,
  writeFiles,
  type Sandbox,
} from '../../../support/git-fixtures';

function appOf(repoPath: string, appPath = ''): AppSettings {
  return {
    id: 'cache-app',
    name: 'cache-app',
    repoPath,
    appPath,
    context: 'c',
    namespace: 'n',
    options: { prune: false, autoSync: false, selfHeal: false },
  };
}

const names = (m: { objects: { key: { name: string } }[] }) => m.objects.map((o) => o.key.name).sort();
const byName = (m: { objects: { key: { name: string }; body: unknown }[] }, name: string) =>
  m.objects.find((o) => o.key.name === name);

describe('manifest caches', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await createSandbox();
  });
  afterAll(() => sandbox.cleanup());

  it('a reported save re-parses that file only; added and removed files come and go', async () => {
    const dir = await createRepo(sandbox, 'incremental', {
      'apps/a.yaml': configMap('a'),
      'apps/b.yaml': configMap('b'),
      'other/c.yaml': configMap('c'),
    });
    const app = appOf(dir);
    const service = new ManifestService({ env: sandbox.env });
    const first = await service.load(app, 'worktree');
    expect(names(first)).toEqual(['a', 'b', 'c']);

    await writeFile(join(dir, 'apps/a.yaml'), configMap('a', { key: 'changed' }));
    await writeFiles(dir, { 'apps/new/d.yaml': configMap('d') });
    await rm(join(dir, 'other/c.yaml'));
    service.changed(app, ['apps/a.yaml', 'apps/new', 'other/c.yaml'], false);
    const second = await service.load(app, 'worktree');
    expect(names(second)).toEqual(['a', 'b', 'd']);
    expect(byName(second, 'a')!.body).toMatchObject({ data: { key: 'changed' } });
    // The untouched file's objects are the very same (nothing re-read or re-parsed).
    expect(byName(second, 'b')!.body).toBe(byName(first, 'b')!.body);
    expect(byName(second, 'a')!.body).not.toBe(byName(first, 'a')!.body);
    // Order is the full listing's order.
    const full = await new ManifestService({ env: sandbox.env }).load(app, 'worktree');
    expect(second.objects.map((o) => o.source.file)).toEqual(full.objects.map((o) => o.source.file));
  });

  it('a load without news lists again and finds unreported changes by size and mtime', async () => {
    const dir = await createRepo(sandbox, 'stamps', { 'a.yaml': configMap('a'), 'b.yaml': configMap('b') });
    const app = appOf(dir);
    const service = new ManifestService({ env: sandbox.env });
    const first = await service.load(app, 'worktree');
    await writeFile(join(dir, 'b.yaml'), configMap('b', { key: 'longer value' }));
    await writeFiles(dir, { 'c.yaml': configMap('c') });
    const second = await service.load(app, 'worktree');
    expect(names(second)).toEqual(['a', 'b', 'c']);
    expect(byName(second, 'b')!.body).toMatchObject({ data: { key: 'longer value' } });
    expect(byName(second, 'a')!.body).toBe(byName(first, 'a')!.body);
  });

  it('a changed .gitignore or a HEAD move makes the next load list everything again', async () => {
    const dir = await createRepo(sandbox, 'rescan', {
      'a.yaml': configMap('a'),
      'skip/s.yaml': configMap('s'),
    });
    const app = appOf(dir);
    const service = new ManifestService({ env: sandbox.env });
    expect(names(await service.load(app, 'worktree'))).toEqual(['a', 's']);
    await writeFiles(dir, { '.gitignore': 'skip/\n' });
    service.changed(app, ['.gitignore'], false);
    expect(names(await service.load(app, 'worktree'))).toEqual(['a']);
    // HEAD moved (a checkout): files the watcher did not name are found too.
    await writeFiles(dir, { 'z.yaml': configMap('z') });
    service.changed(app, [], true);
    expect(names(await service.load(app, 'worktree'))).toEqual(['a', 'z']);
  });

  it('works inside an app folder: watcher paths are relative to it', async () => {
    const dir = await createRepo(sandbox, 'subfolder', {
      'env/prod/a.yaml': configMap('a'),
      'x.yaml': configMap('x'),
    });
    const app = appOf(dir, 'env/prod');
    const service = new ManifestService({ env: sandbox.env });
    expect(names(await service.load(app, 'worktree'))).toEqual(['a']);
    await writeFiles(dir, { 'env/prod/b.yaml': configMap('b') });
    service.changed(app, ['b.yaml'], false);
    const next = await service.load(app, 'worktree');
    expect(names(next)).toEqual(['a', 'b']);
    expect(next.objects.find((o) => o.key.name === 'b')!.source.file).toBe('b.yaml');
  });

  it('HEAD is loaded once per commit and again when HEAD moves', async () => {
    const dir = await createRepo(sandbox, 'head', { 'a.yaml': configMap('a') });
    const app = appOf(dir);
    const service = new ManifestService({ env: sandbox.env });
    const first = await service.load(app, 'HEAD');
    expect(await service.load(app, 'HEAD')).toBe(first);
    await commitAll(sandbox, dir, { 'b.yaml': configMap('b') }, 'Add b');
    const moved = await service.load(app, 'HEAD');
    expect(moved).not.toBe(first);
    expect(names(moved)).toEqual(['a', 'b']);
  });

  it('orders paths depth-first by name, like a recursive listing', () => {
    const paths = ['a-c.yaml', 'a/b.yaml', 'a', 'b/z.yaml', 'a/a/x.yaml'];
    expect([...paths].sort(treeOrder)).toEqual(['a', 'a/a/x.yaml', 'a/b.yaml', 'a-c.yaml', 'b/z.yaml']);
  });
});
