import { describe, expect, it } from 'vitest';
import {
  configMap,
  createClusterApp,
  namespaceYaml,
  noSyncOptions,
  resource,
  waitForState,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

describe('prune', () => {
  const t = useClusterTest('prune');
  const { ns } = t;

  async function sync(appId: string, prune: boolean, confirm?: string) {
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === appId, 90_000);
    await t.h.api.call('sync.start', {
      appId,
      options: { ...noSyncOptions, prune, ...(confirm ? { confirm } : {}) },
    });
    return done;
  }

  it('lists a removed manifest as Extraneous and deletes only it, only with prune', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `prune-${ns}`,
      namespace: ns,
      files: {
        'ns.yaml': namespaceYaml(ns),
        'keep.yaml': configMap('keep', ns, { a: '1' }),
        'old.yaml': configMap('old', ns, { b: '2' }),
      },
    });
    expect((await sync(app.id, false)).phase).toBe('Succeeded');
    await waitForState(t.h, app.id, 'synced', (s) => s.sync === 'Synced');
    // Same kind, same namespace, not ours; and one that copies our label without our annotation.
    await t.kubectl('create', 'configmap', 'bystander', '-n', ns, '--from-literal=c=3');
    await t.kubectl('create', 'configmap', 'impostor', '-n', ns, '--from-literal=d=4');
    await t.kubectl('label', 'configmap', 'impostor', '-n', ns, `gitops-desktop/app=${app.id}`);

    await t.h.api.call('repo.deleteFile', { appId: app.id, path: 'old.yaml' });
    await t.h.api.call('repo.commit', { appId: app.id, paths: ['old.yaml'], message: 'Remove old' });
    const state = await waitForState(
      t.h,
      app.id,
      'old is extraneous',
      (s) => resource(s, 'ConfigMap', 'old')?.sync === 'Extraneous',
    );
    expect(state.sync).toBe('OutOfSync');
    expect(resource(state, 'ConfigMap', 'bystander')).toBeUndefined();
    expect(resource(state, 'ConfigMap', 'impostor')).toBeUndefined();

    const withoutPrune = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(withoutPrune.items.find((i) => i.key.name === 'old')).toBeUndefined();
    expect((await sync(app.id, false)).phase).toBe('Succeeded');
    expect(await t.kubectl('get', 'configmap', 'old', '-n', ns, '-o', 'name')).toBe('configmap/old');

    const plan = await t.h.api.call('sync.plan', {
      appId: app.id,
      options: { ...noSyncOptions, prune: true },
    });
    expect(plan.items.filter((i) => i.action === 'prune').map((i) => i.key.name)).toEqual(['old']);
    expect(plan.items[plan.items.length - 1]?.action).toBe('prune');
    // One of the app's three objects is more than a quarter: the app's name is typed to confirm.
    expect(plan.prune?.confirm?.phrase).toBe(app.name);
    const run = await sync(app.id, true, app.name);
    expect(run.phase).toBe('Succeeded');
    expect(run.items.find((i) => i.key.name === 'old')?.phase).toBe('pruned');
    await waitForState(
      t.h,
      app.id,
      'synced after prune',
      (s) => s.sync === 'Synced' && !resource(s, 'ConfigMap', 'old'),
    );
    expect(await t.kubectl('get', 'configmap', '-n', ns, '-o', 'name')).toContain('configmap/bystander');
    expect(await t.kubectl('get', 'configmap', '-n', ns, '-o', 'name')).toContain('configmap/impostor');
    expect(await t.kubectl('get', 'configmap', 'old', '-n', ns, '--ignore-not-found', '-o', 'name')).toBe('');
  });
});
