import { describe, expect, it } from 'vitest';
import type { SyncOptions, SyncRun } from '../../../src-shared/model';
import {
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
  resource,
  waitFor,
  waitForState,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

describe('drift undone in one click', () => {
  const t = useClusterTest('oneclick');
  const { ns } = t;

  async function sync(appId: string, options: SyncOptions = noSyncOptions): Promise<SyncRun> {
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === appId, 120_000);
    await t.h.api.call('sync.start', { appId, options });
    return done;
  }
  const replicas = (name: string) =>
    t.kubectl('get', 'deployment', name, '-n', ns, '-o', 'jsonpath={.spec.replicas}');

  it('kubectl scale, then one Sync: replicas back to git, the plan says it takes them back from kubectl', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `scale-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'catalog.yaml': deployment('catalog', ns, 2) },
    });
    expect((await sync(app.id)).phase).toBe('Succeeded');
    await t.kubectl('scale', 'deploy/catalog', '-n', ns, '--replicas=5');
    await waitForState(
      t.h,
      app.id,
      'drift',
      (s) => resource(s, 'Deployment', 'catalog')?.sync === 'OutOfSync',
    );

    const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    const row = plan.items.find((i) => i.key.name === 'catalog')!;
    expect(row.action).toBe('update');
    expect(row.message).toBe('Takes `.spec.replicas` back from kubectl');
    expect(row.conflict).toMatchObject({
      managers: ['kubectl'],
      fields: ['.spec.replicas'],
      outOfBand: true,
    });

    const run = await sync(app.id);
    expect(run.phase, run.message).toBe('Succeeded');
    expect(await replicas('catalog')).toBe('2');

    // Strict mode keeps today's behaviour: a person's edit is another manager's field too.
    await t.kubectl('scale', 'deploy/catalog', '-n', ns, '--replicas=4');
    await waitForState(
      t.h,
      app.id,
      'drift again',
      (s) => resource(s, 'Deployment', 'catalog')?.sync === 'OutOfSync',
    );
    const strict = await t.h.api.call('sync.plan', {
      appId: app.id,
      options: { ...noSyncOptions, respectManagers: true },
    });
    expect(strict.items.find((i) => i.key.name === 'catalog')).toMatchObject({ action: 'error' });
    const strictRun = await sync(app.id, { ...noSyncOptions, respectManagers: true });
    expect(strictRun.phase).toBe('Failed');
    expect(await replicas('catalog')).toBe('4');
    expect((await sync(app.id)).phase).toBe('Succeeded');
    expect(await replicas('catalog')).toBe('2');
  });

  it('an HPA owning replicas is a stop: the plan names the manager and the advice; nothing is forced without the user', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `hpa-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'shop.yaml': deployment('shop', ns, 1) },
    });
    expect((await sync(app.id)).phase).toBe('Succeeded');
    // The HPA controller enforces minReplicas through the scale subresource, without metrics.
    await t.kubectl.apply(`apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: shop
  namespace: ${ns}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: shop }
  minReplicas: 3
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } }
`);
    await waitFor(
      'HPA scaled to 3',
      async () => ((await replicas('shop')) === '3' ? true : undefined),
      90_000,
    );
    await waitForState(t.h, app.id, 'drift', (s) => resource(s, 'Deployment', 'shop')?.sync === 'OutOfSync');

    const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    const row = plan.items.find((i) => i.key.name === 'shop')!;
    expect(row.action).toBe('error');
    expect(row.conflict?.outOfBand).toBe(false);
    expect(row.conflict?.managers).toEqual(['kube-controller-manager']);
    expect(row.conflict?.fields).toEqual(['.spec.replicas']);
    expect(row.message).toContain('kube-controller-manager');
    expect(row.conflict?.advice).toMatch(/Remove the field from git, or ignore it/);

    const run = await sync(app.id);
    expect(run.phase).toBe('Failed');
    expect(run.items.find((i) => i.key.name === 'shop')?.phase).toBe('failed');
    expect(await replicas('shop')).toBe('3');

    // "Take over" for this resource only: the user's word.
    const taken = await t.h.api.call('sync.plan', {
      appId: app.id,
      options: { ...noSyncOptions, takeOver: [row.id] },
    });
    expect(taken.items.find((i) => i.key.name === 'shop')?.action).toBe('update');
    await t.kubectl('delete', 'hpa', 'shop', '-n', ns);
    const forced = await sync(app.id, { ...noSyncOptions, takeOver: [row.id] });
    expect(forced.phase, forced.message).toBe('Succeeded');
    expect(await replicas('shop')).toBe('1');
  });
});
