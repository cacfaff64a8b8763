import { describe, expect, it } from 'vitest';
import { createClusterApp, deployment, namespaceYaml, noSyncOptions } from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

describe('a sync ends when the server accepted the last wave', () => {
  const t = useClusterTest('opend');
  const { ns } = t;

  it('records healthyAt later, in the history too, and a new sync may start meanwhile', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `opend-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'web.yaml': deployment('web', ns, 2) },
    });
    const finished = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    const healthy = t.h.waitForEvent('sync.healthy', (r) => r.appId === app.id, 120_000);
    const { syncId } = await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    const run = await finished;
    expect(run.id).toBe(syncId);
    expect(run.phase).toBe('Succeeded');
    expect(run.healthyAt).toBeUndefined();
    expect(run.items.find((i) => i.key.name === 'web')?.phase).toMatch(/^(applied|healthy)$/);

    const later = await healthy;
    expect(later.id).toBe(syncId);
    expect(Date.parse(later.healthyAt!)).toBeGreaterThanOrEqual(Date.parse(run.finishedAt!));
    expect(later.items.find((i) => i.key.name === 'web')?.phase).toBe('healthy');
    const history = await t.h.api.call('sync.history', { appId: app.id });
    expect(history.runs).toHaveLength(1);
    expect(history.runs[0]?.healthyAt).toBe(later.healthyAt);

    // Right after a run finished (its health still followed), the next one starts at once.
    const again = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id && r.id !== syncId, 90_000);
    const second = await t.h.api.call('sync.start', {
      appId: app.id,
      options: { ...noSyncOptions, applyAll: true },
    });
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions }).then(
      () => expect.fail('a second sync while one runs must be refused'),
      (err: Error) => expect(err.message).toMatch(/already running/),
    );
    expect((await again).id).toBe(second.syncId);
  });
});
