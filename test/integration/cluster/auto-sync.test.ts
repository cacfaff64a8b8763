import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core-client';
import { configMap, createClusterApp, kubectlFor, namespaceYaml, uniqueSuffix, type Kubectl } from '../../support/kube-fixtures';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';

describe('auto-sync', () => {
  const ns = `auto-${uniqueSuffix()}`;
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

  it('syncs when a new commit appears on the branch', async () => {
    const app = await createClusterApp(h, sandbox, {
      name: `auto-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'cm.yaml': configMap('settings', ns, { level: 'one' }) },
      options: { prune: false, autoSync: true, selfHeal: false },
    });
    await h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    const synced = h.waitForEvent('sync.finished', (r) => r.appId === app.id && r.trigger === 'auto-sync', 30_000);
    await h.api.call('repo.writeFile', { appId: app.id, path: 'cm.yaml', content: configMap('settings', ns, { level: 'two' }) });
    const { oid } = await h.api.call('repo.commit', { appId: app.id, paths: ['cm.yaml'], message: 'Level two' });
    const run = await synced;
    expect(run.phase).toBe('Succeeded');
    expect(run.revision).toBe(oid);
    expect(await kubectl('get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.level}')).toBe('two');
  });
});
