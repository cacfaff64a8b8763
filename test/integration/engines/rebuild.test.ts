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
