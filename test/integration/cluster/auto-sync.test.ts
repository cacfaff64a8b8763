import { describe, expect, it } from 'vitest';
import { configMap, createClusterApp, deployment, namespaceYaml } from '../../support/kube-fixtures';
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

  it('a new commit takes back what kubectl changed by hand, as a manual sync does', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `auto-scale-${ns}`,
      namespace: `${ns}-scale`,
      files: { 'ns.yaml': namespaceYaml(`${ns}-scale`), 'web.yaml': deployment('web', `${ns}-scale`, 1) },
      options: { prune: false, autoSync: false, selfHeal: false },
    });
    try {
      const first = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 60_000);
      await t.h.api.call('sync.start', {
        appId: app.id,
        options: { prune: false, force: false, applyAll: false },
      });
      expect((await first).phase).toBe('Succeeded');
      await t.kubectl('scale', 'deployment', 'web', '-n', `${ns}-scale`, '--replicas=3');
      await t.h.api.call('apps.update', {
        appId: app.id,
        changes: { options: { prune: false, autoSync: true, selfHeal: false } },
      });

      const synced = t.h.waitForEvent(
        'sync.finished',
        (r) => r.appId === app.id && r.trigger === 'auto-sync',
        60_000,
      );
      const annotated = deployment('web', `${ns}-scale`, 1).replace(
        'metadata:\n',
        'metadata:\n  annotations:\n    team: shop\n',
      );
      expect(annotated).toContain('team: shop');
      await t.h.api.call('repo.writeFile', { appId: app.id, path: 'web.yaml', content: annotated });
      await t.h.api.call('repo.commit', { appId: app.id, paths: ['web.yaml'], message: 'Annotate' });
      const run = await synced;
      expect(run.phase).toBe('Succeeded');
      const get = (path: string) =>
        t.kubectl('get', 'deployment', 'web', '-n', `${ns}-scale`, '-o', `jsonpath={${path}}`);
      expect(await get('.metadata.annotations.team')).toBe('shop');
      expect(await get('.spec.replicas')).toBe('1');
      const item = run.items.find((i) => i.key.kind === 'Deployment');
      expect(item?.message).toMatch(/Takes `\.spec\.replicas` back from kubectl/);
    } finally {
      await t.kubectl('delete', 'namespace', `${ns}-scale`, '--ignore-not-found', '--wait=false');
    }
  });
});
