import { expect, it } from 'vitest';
import { useClusterTest } from '../../support/cluster-test';
import {
  configMap,
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
  waitFor,
  waitForState,
} from '../../support/kube-fixtures';

const t = useClusterTest('rebuild');

it('rebuilds an environment from git after its namespace was deleted by hand', async () => {
  const { sandbox, h, ns, kubectl } = t;
  const app = await createClusterApp(h, sandbox, {
    name: `rebuild-${ns}`,
    namespace: ns,
    files: {
      'ns.yaml': namespaceYaml(ns),
      'config.yaml': configMap('settings', ns, { colour: 'blue' }),
      'web.yaml': deployment('web', ns, 2),
    },
  });
  const healthy = (s: { sync: string; health: string }) => s.sync === 'Synced' && s.health === 'Healthy';
  await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
  await waitForState(h, app.id, 'first sync healthy', healthy, 'HEAD', 120_000);

  await kubectl('delete', 'namespace', ns, '--wait=true', '--timeout=90s');
  await waitFor(
    'namespace gone',
    async () => !(await kubectl('get', 'namespaces', '-o', 'name')).includes(`namespace/${ns}\n`),
    60_000,
  );
  const lost = await waitForState(h, app.id, 'everything Missing', (s) =>
    s.resources.filter((r) => !r.parentId).every((r) => r.sync === 'Missing'),
  );
  expect(lost.sync).toBe('OutOfSync');
  expect(lost.health).toBe('Missing');

  await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
  const back = await waitForState(h, app.id, 'rebuilt healthy', healthy, 'HEAD', 120_000);
  expect(back.resources.filter((r) => !r.parentId).map((r) => r.sync)).toEqual([
    'Synced',
    'Synced',
    'Synced',
  ]);
  expect(await kubectl('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.status.readyReplicas}')).toBe('2');
});

it('rebuilds the app namespace it created itself (no Namespace manifest) after it was deleted by hand', async () => {
  const { sandbox, h, kubectl } = t;
  const ns = `${t.ns}-auto`;
  const app = await createClusterApp(h, sandbox, {
    name: `rebuild-auto-${ns}`,
    namespace: ns,
    files: {
      'config.yaml': configMap('settings', ns, { colour: 'blue' }).replace(`  namespace: ${ns}\n`, ''),
    },
  });
  await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
  await waitForState(h, app.id, 'first sync', (s) => s.sync === 'Synced', 'HEAD', 60_000);
  try {
    await kubectl('delete', 'namespace', ns, '--wait=true', '--timeout=90s');
    await waitForState(h, app.id, 'Missing again', (s) => s.resources.every((r) => r.sync === 'Missing'));
    const plan = await h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(plan.items.filter((i) => i.action === 'error')).toEqual([]);
    expect(plan.items.map((i) => `${i.key.kind}:${i.action}`).sort()).toEqual([
      'ConfigMap:create',
      'Namespace:create',
    ]);
    await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    await waitForState(h, app.id, 'rebuilt', (s) => s.sync === 'Synced', 'HEAD', 60_000);
  } finally {
    await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false').catch(() => undefined);
  }
});
