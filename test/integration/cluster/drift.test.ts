import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core-client';
import { createClusterApp, deployment, kubectlFor, namespaceYaml, noSyncOptions, resource, uniqueSuffix, waitForState, type Kubectl } from '../../support/kube-fixtures';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';

describe('drift', () => {
  const ns = `drift-${uniqueSuffix()}`;
  let h: TestCore;
  let sandbox: Sandbox;
  let kubectl: Kubectl;

  beforeAll(async () => {
    sandbox = await createSandbox();
    kubectl = kubectlFor(inject('kubectl'), inject('kubeconfig'));
    h = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: inject('kubeconfig') } });
  });
  afterAll(async () => {
    await h?.close();
    await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false').catch(() => undefined);
    await sandbox?.cleanup();
  });

  it('reports kubectl scale as OutOfSync within 2 s, and self-heal puts it back', async () => {
    const app = await createClusterApp(h, sandbox, {
      name: `drift-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'web.yaml': deployment('web', ns, 1) },
    });
    await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    await h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await waitForState(h, app.id, 'synced', (s) => s.sync === 'Synced' && s.health === 'Healthy');

    const notice = h.waitForEvent('notice', (n) => n.appId === app.id && n.message.startsWith('Drift detected'), 10_000);
    const outOfSync = h.waitForEvent('state.changed', (s) => s.appId === app.id && resource(s, 'Deployment', 'web')?.sync === 'OutOfSync', 10_000);
    const started = performance.now();
    await kubectl('scale', 'deployment', 'web', '-n', ns, '--replicas=3');
    const changed = await outOfSync;
    const latency = performance.now() - started;
    console.log(`drift latency (kubectl scale → state.changed OutOfSync): ${latency.toFixed(0)} ms`);
    expect(latency).toBeLessThan(2000);
    expect(resource(changed, 'Deployment', 'web')?.syncReason).toContain('spec.replicas');
    expect((await notice).message).toContain('Deployment');

    await h.api.call('apps.update', { appId: app.id, changes: { options: { prune: false, autoSync: false, selfHeal: true } } });
    const healed = h.waitForEvent('sync.finished', (r) => r.appId === app.id && r.trigger === 'self-heal', 20_000);
    await kubectl('scale', 'deployment', 'web', '-n', ns, '--replicas=4');
    expect((await healed).phase).toBe('Succeeded');
    await waitForState(h, app.id, 'healed', (s) => s.sync === 'Synced');
    expect(await kubectl('get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}')).toBe('1');
  });
});
