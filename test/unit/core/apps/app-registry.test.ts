import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../../src-shared/errors';
import { AppRegistry } from '../../../../src-main/core/apps/app-registry';

const settings = {
  name: 'web',
  repoPath: '/repo',
  appPath: '',
  context: 'c',
  namespace: 'n',
  options: { prune: false, autoSync: false, selfHeal: false },
};

describe('AppRegistry', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'registry-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('stores ignore rules cleaned, keeps them across a restart, and refuses malformed ones', async () => {
    const registry = new AppRegistry(dir);
    await registry.load();
    const app = await registry.add(settings);
    await registry.update(app.id, {
      ignoreDifferences: [
        { group: 'apps', kind: ' Deployment ', name: '', jsonPointers: [' /spec/replicas ', ''] },
        { group: '', kind: '*', managedFieldsManagers: ['kube-controller-manager'] },
      ],
    });
    const expected = [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      { group: '', kind: '*', managedFieldsManagers: ['kube-controller-manager'] },
    ];
    expect(registry.get(app.id).ignoreDifferences).toEqual(expected);
    const reloaded = new AppRegistry(dir);
    await reloaded.load();
    expect(reloaded.get(app.id).ignoreDifferences).toEqual(expected);
    expect(reloaded.problem).toBeUndefined();

    const bad = registry.update(app.id, {
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['spec.replicas'] }],
    });
    await expect(bad).rejects.toThrow(/Ignore rule 1 \(Deployment\).*must start with "\/"/);
    await expect(
      registry.update(app.id, { ignoreDifferences: [{ group: 'apps', kind: 'Deployment' }] }),
    ).rejects.toThrow(/at least one JSON pointer or field manager/);
    // A refused change leaves the stored rules as they were; an empty list clears them.
    expect(registry.get(app.id).ignoreDifferences).toEqual(expected);
    await registry.update(app.id, { ignoreDifferences: [] });
    expect(registry.get(app.id).ignoreDifferences).toEqual([]);
  });

  it('adds, updates and removes apps, notifying listeners and persisting each change', async () => {
    const registry = new AppRegistry(dir);
    await registry.load();
    const seen: number[] = [];
    const off = registry.onChange((apps) => seen.push(apps.length));
    const app = await registry.add(settings);
    expect(app.id).toMatch(/^web-[0-9a-f]{6}$/);
    await registry.update(app.id, { namespace: 'other', name: undefined });
    expect(registry.get(app.id)).toMatchObject({ name: 'web', namespace: 'other' });
    const reloaded = new AppRegistry(dir);
    await reloaded.load();
    expect(reloaded.list()).toEqual(registry.list());
    expect(await registry.remove(app.id)).toBe(true);
    expect(await registry.remove(app.id)).toBe(false);
    off();
    await registry.add(settings);
    expect(seen).toEqual([1, 1, 0]);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('throws not-found for unknown ids and conflict for duplicate names', async () => {
    const registry = new AppRegistry(dir);
    await registry.load();
    await registry.add(settings);
    expect(() => registry.get('nope')).toThrow(ApiFailure);
    await expect(registry.add(settings)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('keeps an unparsable settings file aside instead of resetting it', async () => {
    await writeFile(join(dir, 'settings.json'), '{ not json');
    const registry = new AppRegistry(dir);
    await registry.load();
    expect(registry.list()).toEqual([]);
    expect(registry.problem?.message).toMatch(/^The settings file was unreadable \(not valid JSON/);
    expect(await readFile(registry.problem!.keptAs!, 'utf8')).toBe('{ not json');
  });
});
