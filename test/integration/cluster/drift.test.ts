import { describe, expect, it } from 'vitest';
import {
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
  resource,
  waitForState,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

describe('drift', () => {
  const t = useClusterTest('drift');
  const { ns } = t;

  it('reports kubectl scale as OutOfSync within 2 s, and self-heal puts it back', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `drift-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'web.yaml': deployment('web', ns, 1) },
    });
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    await t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await waitForState(t.h, app.id, 'synced', (s) => s.sync === 'Synced' && s.health === 'Healthy');

    const notice = t.h.waitForEvent(
      'notice',
      (n) => n.appId === app.id && n.message.startsWith('Drift detected'),
      10_000,
    );
    const outOfSync = t.h.waitForEvent(
      'state.changed',
      (s) => s.appId === app.id && resource(s, 'Deployment', 'web')?.sync === 'OutOfSync',
      10_000,
    );
    const started = performance.now();
    await t.kubectl('scale', 'deployment', 'web', '-n', ns, '--replicas=3');
    const changed = await outOfSync;
    const latency = performance.now() - started;
    console.log(`drift latency (kubectl scale → state.changed OutOfSync): ${latency.toFixed(0)} ms`);
    expect(latency).toBeLessThan(2000);
    expect(resource(changed, 'Deployment', 'web')?.syncReason).toContain('spec.replicas');
    expect((await notice).message).toContain('Deployment');

    await t.h.api.call('apps.update', {
      appId: app.id,
      changes: { options: { prune: false, autoSync: false, selfHeal: true } },
    });
    const healed = t.h.waitForEvent(
      'sync.finished',
      (r) => r.appId === app.id && r.trigger === 'self-heal',
      20_000,
    );
    await t.kubectl('scale', 'deployment', 'web', '-n', ns, '--replicas=4');
    expect((await healed).phase).toBe('Succeeded');
    await waitForState(t.h, app.id, 'healed', (s) => s.sync === 'Synced');
    expect(await t.kubectl('get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}')).toBe(
      '1',
    );
  });
});
