import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core-client';
import { configMap, createClusterApp, kubectlFor, namespaceYaml, noSyncOptions, resource, uniqueSuffix, waitForState, type Kubectl } from '../../support/kube-fixtures';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';

describe('prune', () => {
  const ns = `prune-${uniqueSuffix()}`;
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

  async function sync(appId: string, prune: boolean) {
    const done = h.waitForEvent('sync.finished', (r) => r.appId === appId, 90_000);
    await h.api.call('sync.start', { appId, options: { ...noSyncOptions, prune } });
    return done;
  }

  it('lists a removed manifest as Extraneous and deletes only it, only with prune', async () => {
    const app = await createClusterApp(h, sandbox, {
      name: `prune-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'keep.yaml': configMap('keep', ns, { a: '1' }), 'old.yaml': configMap('old', ns, { b: '2' }) },
    });
    expect((await sync(app.id, false)).phase).toBe('Succeeded');
    await waitForState(h, app.id, 'synced', (s) => s.sync === 'Synced');
    // Same kind, same namespace, not ours; and one that copies our label without our annotation.
    await kubectl('create', 'configmap', 'bystander', '-n', ns, '--from-literal=c=3');
    await kubectl('create', 'configmap', 'impostor', '-n', ns, '--from-literal=d=4');
    await kubectl('label', 'configmap', 'impostor', '-n', ns, `gitops-desktop/app=${app.id}`);

    await h.api.call('repo.deleteFile', { appId: app.id, path: 'old.yaml' });
    await h.api.call('repo.commit', { appId: app.id, paths: ['old.yaml'], message: 'Remove old' });
    const state = await waitForState(h, app.id, 'old is extraneous', (s) => resource(s, 'ConfigMap', 'old')?.sync === 'Extraneous');
    expect(state.sync).toBe('OutOfSync');
    expect(resource(state, 'ConfigMap', 'bystander')).toBeUndefined();
    expect(resource(state, 'ConfigMap', 'impostor')).toBeUndefined();

    const withoutPrune = await h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(withoutPrune.items.find((i) => i.key.name === 'old')).toBeUndefined();
    expect((await sync(app.id, false)).phase).toBe('Succeeded');
    expect(await kubectl('get', 'configmap', 'old', '-n', ns, '-o', 'name')).toBe('configmap/old');

    const plan = await h.api.call('sync.plan', { appId: app.id, options: { ...noSyncOptions, prune: true } });
    expect(plan.items.filter((i) => i.action === 'prune').map((i) => i.key.name)).toEqual(['old']);
    expect(plan.items[plan.items.length - 1]?.action).toBe('prune');
    const run = await sync(app.id, true);
    expect(run.phase).toBe('Succeeded');
    expect(run.items.find((i) => i.key.name === 'old')?.phase).toBe('pruned');
    await waitForState(h, app.id, 'synced after prune', (s) => s.sync === 'Synced' && !resource(s, 'ConfigMap', 'old'));
    expect(await kubectl('get', 'configmap', '-n', ns, '-o', 'name')).toContain('configmap/bystander');
    expect(await kubectl('get', 'configmap', '-n', ns, '-o', 'name')).toContain('configmap/impostor');
    expect(await kubectl('get', 'configmap', 'old', '-n', ns, '--ignore-not-found', '-o', 'name')).toBe('');
  });
});
