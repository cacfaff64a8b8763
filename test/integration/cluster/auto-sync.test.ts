import { describe, expect, it } from 'vitest';
import { configMap, createClusterApp, namespaceYaml } from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

describe('auto-sync', () => {
  const t = useClusterTest('auto');
  const { ns } = t;

  it('syncs when a new commit appears on the branch', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `auto-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'cm.yaml': configMap('settings', ns, { level: 'one' }) },
      options: { prune: false, autoSync: true, selfHeal: false },
    });
    await t.h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    const synced = t.h.waitForEvent(
      'sync.finished',
      (r) => r.appId === app.id && r.trigger === 'auto-sync',
      30_000,
    );
    await t.h.api.call('repo.writeFile', {
      appId: app.id,
      path: 'cm.yaml',
      content: configMap('settings', ns, { level: 'two' }),
    });
    const { oid } = await t.h.api.call('repo.commit', {
      appId: app.id,
      paths: ['cm.yaml'],
      message: 'Level two',
    });
    const run = await synced;
    expect(run.phase).toBe('Succeeded');
    expect(run.revision).toBe(oid);
    expect(await t.kubectl('get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.level}')).toBe(
      'two',
    );
  });
});
