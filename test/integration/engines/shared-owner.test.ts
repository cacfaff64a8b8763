import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useClusterTest } from '../../support/cluster-test';
import {
  configMap,
  createClusterApp,
  namespaceYaml,
  noSyncOptions,
  resource,
  waitForState,
} from '../../support/kube-fixtures';

const t = useClusterTest('shared');

it('flags an object a Flux Kustomization applied, and a desktop Sync asks before changing it', async () => {
  const { sandbox, h, ns, kubectl } = t;
  const app = await createClusterApp(h, sandbox, {
    name: `shared-${ns}`,
    namespace: ns,
    files: {
      'ns.yaml': namespaceYaml(ns),
      'mine.yaml': configMap('mine', ns, { a: '1' }),
      'theirs.yaml': configMap('theirs', ns, { colour: 'desktop' }),
    },
  });
  await kubectl('create', 'namespace', ns);
  // What kustomize-controller does: server-side apply with its manager and its ownership labels.
  const fluxApplied = join(sandbox.root, 'flux-applied.yaml');
  await writeFile(
    fluxApplied,
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: theirs
  namespace: ${ns}
  labels:
    kustomize.toolkit.fluxcd.io/name: apps
    kustomize.toolkit.fluxcd.io/namespace: flux-system
data:
  colour: flux
`,
  );
  await kubectl('apply', '--server-side', '--field-manager=kustomize-controller', '-f', fluxApplied);

  const state = await waitForState(
    h,
    app.id,
    'the shared ConfigMap',
    (s) => !!resource(s, 'ConfigMap', 'theirs')?.managedBy,
  );
  expect(resource(state, 'ConfigMap', 'theirs')?.managedBy).toBe('Flux Kustomization flux-system/apps');
  expect(resource(state, 'ConfigMap', 'mine')?.managedBy).toBeUndefined();

  const plan = await h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
  const item = plan.items.find((i) => i.key.name === 'theirs');
  expect(item).toMatchObject({ action: 'error', managedBy: 'Flux Kustomization flux-system/apps' });
  expect(item?.message).toContain('Managed by Flux Kustomization flux-system/apps');

  // A sync without the user's word leaves the shared object alone and applies the rest.
  await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
  await waitForState(h, app.id, 'mine synced', (s) => resource(s, 'ConfigMap', 'mine')?.sync === 'Synced');
  expect(await kubectl('get', 'configmap', 'theirs', '-n', ns, '-o', 'jsonpath={.data.colour}')).toBe('flux');

  // With it, the object is changed, and the owner is still named.
  const agreed = await h.api.call('sync.plan', {
    appId: app.id,
    options: { ...noSyncOptions, changeShared: true },
  });
  expect(agreed.items.find((i) => i.key.name === 'theirs')).toMatchObject({
    managedBy: 'Flux Kustomization flux-system/apps',
  });
  const { syncId } = await h.api.call('sync.start', {
    appId: app.id,
    options: { ...noSyncOptions, changeShared: true, force: true },
  });
  await h.waitForEvent('sync.finished', (r) => r.id === syncId, 60_000);
  expect(await kubectl('get', 'configmap', 'theirs', '-n', ns, '-o', 'jsonpath={.data.colour}')).toBe(
    'desktop',
  );
});
