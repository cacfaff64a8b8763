import { describe, expect, it } from 'vitest';
import {
  configMap,
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
  resource,
  waitFor,
  waitForState,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

function hpaYaml(ns: string, min: number): string {
  return `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: ${ns}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: ${min}
  maxReplicas: 6
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } }
`;
}

describe('ignore rules', () => {
  const t = useClusterTest('ignore');
  const { ns } = t;

  const replicas = async () =>
    Number(await t.kubectl('get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}'));
  /** Who owns `.spec.replicas` according to the server's managedFields. */
  const replicaOwners = async () => {
    const raw = await t.kubectl('get', 'deployment', 'web', '-n', ns, '--show-managed-fields', '-o', 'json');
    const obj = JSON.parse(raw) as {
      metadata: { managedFields: { manager: string; fieldsV1?: { 'f:spec'?: Record<string, unknown> } }[] };
    };
    return obj.metadata.managedFields
      .filter((m) => m.fieldsV1?.['f:spec']?.['f:replicas'] !== undefined)
      .map((m) => m.manager);
  };

  it('an HPA owns replicas: with the rule the app stays Synced while it scales, and Sync does not fight it', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `ignore-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'web.yaml': deployment('web', ns, 1) },
    });
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    await t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await waitForState(t.h, app.id, 'synced', (s) => s.sync === 'Synced');

    // The HPA is not part of the app (someone else's object). Its controller scales a target below
    // minReplicas up without any metrics, so it really writes `.spec.replicas` on this cluster,
    // which has no metrics server.
    await t.kubectl.apply(hpaYaml(ns, 3));
    await waitFor('the HPA to scale web to 3', async () => (await replicas()) === 3, 90_000, 500);
    const owners = await replicaOwners();
    console.log(`.spec.replicas owned by: ${owners.join(', ')}`);
    expect(owners).not.toContain('gitops-desktop');
    expect(owners.length).toBeGreaterThan(0);

    // Without a rule the HPA's value is drift.
    const drifted = await waitForState(
      t.h,
      app.id,
      'OutOfSync without a rule',
      (s) => resource(s, 'Deployment', 'web')?.sync === 'OutOfSync',
    );
    expect(resource(drifted, 'Deployment', 'web')?.syncReason).toContain('spec.replicas');

    await t.h.api.call('apps.update', {
      appId: app.id,
      changes: {
        ignoreDifferences: [
          { group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] },
        ],
      },
    });
    await waitForState(t.h, app.id, 'Synced with the rule', (s) => s.sync === 'Synced');
    const diff = await t.h.api.call('state.diff', {
      appId: app.id,
      resourceId: resource(drifted, 'Deployment', 'web')!.id,
      compareWith: 'HEAD',
    });
    expect(diff.liveYaml).not.toMatch(/^\s*replicas:/m);
    expect(diff.differingFields ?? []).toEqual([]);

    // The HPA scales again: still Synced, and no drift is reported.
    const drift: string[] = [];
    const off = t.h.api.on('notice', (n) => {
      if (n.appId === app.id && n.message.startsWith('Drift detected')) drift.push(n.message);
    });
    await t.kubectl.apply(hpaYaml(ns, 4));
    await waitFor('the HPA to scale web to 4', async () => (await replicas()) === 4, 90_000, 500);
    await waitForState(t.h, app.id, 'still Synced after scaling', (s) => s.sync === 'Synced');

    // A Sync of everything (also what is Synced) neither resets nor conflicts: the plan has no error.
    const plan = await t.h.api.call('sync.plan', {
      appId: app.id,
      options: { prune: false, force: false, applyAll: true },
    });
    expect(plan.items.filter((i) => i.action === 'error')).toEqual([]);
    await t.h.api.call('sync.start', {
      appId: app.id,
      options: { prune: false, force: false, applyAll: true },
    });
    const run = await t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    expect(run.phase).toBe('Succeeded');
    expect(run.items.find((i) => i.key.kind === 'Deployment')?.phase).toMatch(/^(applied|healthy)$/);
    expect(await replicas()).toBe(4);
    expect(await replicaOwners()).not.toContain('gitops-desktop');
    // Self-heal too leaves the HPA's field alone.
    await t.h.api.call('apps.update', {
      appId: app.id,
      changes: { options: { prune: false, autoSync: false, selfHeal: true } },
    });
    await t.kubectl.apply(hpaYaml(ns, 5));
    await waitFor('the HPA to scale web to 5', async () => (await replicas()) === 5, 90_000, 500);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await replicas()).toBe(5);
    await waitForState(t.h, app.id, 'Synced after self-heal is on', (s) => s.sync === 'Synced');
    off();
    expect(drift).toEqual([]);
  });

  it('an extraneous object annotated IgnoreExtraneous does not make the app OutOfSync', async () => {
    const annotated = configMap('keep', ns, { a: '1' }).replace(
      'metadata:\n',
      'metadata:\n  annotations:\n    argocd.argoproj.io/compare-options: IgnoreExtraneous\n',
    );
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `extraneous-${ns}`,
      namespace: ns,
      files: {
        'keep.yaml': annotated,
        'plain.yaml': configMap('plain', ns, { a: '1' }),
        'stay.yaml': configMap('stay', ns, { a: '1' }),
      },
    });
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    expect((await t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000)).phase).toBe(
      'Succeeded',
    );
    await waitForState(t.h, app.id, 'synced', (s) => s.sync === 'Synced');

    await t.sandbox.git(app.repoPath, 'rm', '-q', 'keep.yaml');
    await t.sandbox.git(app.repoPath, 'commit', '-q', '-m', 'Drop keep');
    const ignored = await waitForState(
      t.h,
      app.id,
      'keep extraneous but ignored',
      (s) => resource(s, 'ConfigMap', 'keep')?.sync === 'Extraneous',
    );
    expect(ignored.sync).toBe('Synced');
    expect(resource(ignored, 'ConfigMap', 'keep')?.syncReason).toContain('IgnoreExtraneous');

    await t.sandbox.git(app.repoPath, 'rm', '-q', 'plain.yaml');
    await t.sandbox.git(app.repoPath, 'commit', '-q', '-m', 'Drop plain');
    const counted = await waitForState(
      t.h,
      app.id,
      'plain extraneous',
      (s) => resource(s, 'ConfigMap', 'plain')?.sync === 'Extraneous',
    );
    expect(counted.sync).toBe('OutOfSync');
  });
});
