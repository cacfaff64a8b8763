import { describe, expect, it } from 'vitest';
import { configMap, createClusterApp, noSyncOptions, resource, waitFor } from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

describe('the server’s verdicts, fresh and visible', () => {
  const t = useClusterTest('verdict');
  const { ns } = t;

  it('a plan before the first sync, then sync, then a plan again: no stale "not found"', async () => {
    // The app's namespace is neither in the cluster nor in the manifests (the guestbook case).
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `stale-${ns}`,
      namespace: ns,
      files: { 'a.yaml': configMap('a', ns, { a: '1' }), 'b.yaml': configMap('b', ns, { b: '2' }) },
    });
    const before = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(before.items.filter((i) => i.key.kind === 'ConfigMap').map((i) => i.action)).toEqual([
      'create',
      'create',
    ]);
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    expect((await done).phase).toBe('Succeeded');
    const after = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(after.items.map((i) => [i.key.name, i.action, i.message ?? ''])).toEqual([
      ['a', 'unchanged', ''],
      ['b', 'unchanged', ''],
    ]);
    const state = await t.h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    expect(state.sync).toBe('Synced');
  });

  it('a namespace created outside the app is noticed: the 404 is not replayed', async () => {
    const other = `${ns}-late`;
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `late-${ns}`,
      namespace: ns,
      files: { 'c.yaml': configMap('c', other, { c: '1' }) },
    });
    try {
      const first = await t.h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
      expect(resource(first, 'ConfigMap', 'c')?.sync).toBe('Missing');
      const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
      expect(plan.items[0]?.message).toMatch(/not found/);
      await t.kubectl('create', 'namespace', other);
      // Failures are re-asked after a couple of seconds at most; the old cache replayed them forever.
      await waitFor(
        'the plan to see the namespace',
        async () => {
          const p = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
          return /not found/.test(p.items[0]?.message ?? '') ? undefined : true;
        },
        15_000,
        500,
      );
      const again = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
      expect(again.items[0]).toMatchObject({ action: 'create' });
      expect(again.items[0]?.message ?? '').not.toMatch(/not found/);
    } finally {
      await t.kubectl('delete', 'namespace', other, '--ignore-not-found', '--wait=false');
    }
  });

  it('a 422-rejected object shows the server message in state.get, the same text as the plan', async () => {
    await t.kubectl('create', 'namespace', ns).catch(() => '');
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `reject-${ns}`,
      namespace: ns,
      files: {
        'bad.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\n  namespace: ${ns}\nspec:\n  ports:\n    - port: 99999\n`,
        'Upper.yaml': configMap('Not_A_Valid_Name', ns, { a: '1' }),
      },
    });
    const state = await t.h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    const bad = resource(state, 'Service', 'bad')!;
    expect(bad.syncReason).toMatch(/^The server rejects it: .*Invalid value: 99999/);
    const invalidName = resource(state, 'ConfigMap', 'Not_A_Valid_Name')!;
    expect(invalidName.syncReason).toMatch(/^The server rejects it: .*(RFC 1123|must consist of)/);
    const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(plan.items.find((i) => i.key.name === 'bad')?.message).toBe(bad.syncReason);
    expect(plan.items.find((i) => i.key.name === 'Not_A_Valid_Name')?.message).toBe(invalidName.syncReason);
    expect(state.sync).toBe('OutOfSync');
    expect(state.syncReason).toMatch(/^The server rejects 2 resources, first /);
  });
});
