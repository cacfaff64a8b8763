import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppSettings } from '../../../src-shared/model';
import { useClusterTest } from '../../support/cluster-test';
import { createClusterApp, noSyncOptions, resource, waitForState } from '../../support/kube-fixtures';

/**
 * A base, two overlays (one patches, one adds a component) and a configMapGenerator, built by the
 * real `kustomize` (test/cluster/tools). Every object opens the file it came from.
 */
describe('Kustomize overlays', () => {
  const t = useClusterTest('kust');
  let app: AppSettings;

  const files = {
    'base/kustomization.yaml': [
      'resources: [deployment.yaml, service.yaml]',
      'configMapGenerator:',
      '  - name: settings',
      '    literals: [mode=first]',
      '',
    ].join('\n'),
    'base/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports: [{ port: 80 }]
  selector: { app: web }
`,
    'base/deployment.yaml': `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: registry.k8s.io/pause:3.10
          envFrom:
            - configMapRef: { name: settings }
`,
    'overlays/dev/kustomization.yaml': [
      'resources: [../../base]',
      'namePrefix: dev-',
      'patches:',
      '  - path: replicas.yaml',
      '  - target: { kind: Service, name: web }',
      '    patch: |-',
      '      - op: replace',
      '        path: /spec/ports/0/port',
      '        value: 8080',
      '',
    ].join('\n'),
    'overlays/dev/replicas.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
`,
    'overlays/prod/kustomization.yaml':
      'resources: [../../base]\nnamePrefix: prod-\ncomponents: [../../components/extra]\n',
    'components/extra/kustomization.yaml': [
      'apiVersion: kustomize.config.k8s.io/v1alpha1',
      'kind: Component',
      'resources: [extra.yaml]',
      '',
    ].join('\n'),
    'components/extra/extra.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  from: component\n',
  };

  it('renders both overlays with patches, the component and hashed generator names', async () => {
    app = await createClusterApp(t.h, t.sandbox, { name: t.ns, namespace: t.ns, files });
    const set = await t.h.api.call('manifests.load', { appId: app.id, revision: 'HEAD' });
    expect(set.problems).toEqual([]);
    const names = set.objects.map((o) => `${o.key.kind}/${o.key.name}`).sort();
    expect(names).toHaveLength(7);
    expect(names.filter((n) => !/settings-/.test(n))).toEqual([
      'ConfigMap/prod-extra',
      'Deployment/dev-web',
      'Deployment/prod-web',
      'Service/dev-web',
      'Service/prod-web',
    ]);
    expect(names.filter((n) => /^ConfigMap\/(dev|prod)-settings-[a-z0-9]{10}$/.test(n))).toHaveLength(2);

    const state = await t.h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    const desired = async (kind: string, name: string) =>
      (
        await t.h.api.call('state.diff', {
          appId: app.id,
          resourceId: resource(state, kind, name)!.id,
          compareWith: 'HEAD',
        })
      ).desiredYaml;
    expect(await desired('Deployment', 'dev-web')).toMatch(/replicas: 2/);
    expect(await desired('Deployment', 'prod-web')).toMatch(/replicas: 1/);
    expect(await desired('Service', 'dev-web')).toMatch(/port: 8080/);
    // Origin annotations are read, then stripped: nothing of the build reaches the cluster.
    expect(await desired('Deployment', 'dev-web')).not.toContain('config.kubernetes.io/origin');
    expect(await desired('Deployment', 'dev-web')).toMatch(/name: dev-settings-[a-z0-9]{10}/);
  });

  it('opens the file each object came from', async () => {
    const set = await t.h.api.call('manifests.load', { appId: app.id, revision: 'HEAD' });
    const sourceOf = (kind: string, name: RegExp) =>
      set.objects.find((o) => o.key.kind === kind && name.test(o.key.name))!.source;
    expect(sourceOf('Deployment', /^dev-web$/)).toMatchObject({
      file: 'base/deployment.yaml',
      fromTemplate: true,
      renderedBy: 'kustomize',
      startLine: 5,
    });
    expect(sourceOf('Service', /^prod-web$/)).toMatchObject({ file: 'base/service.yaml', startLine: 4 });
    expect(sourceOf('ConfigMap', /^prod-extra$/).file).toBe('components/extra/extra.yaml');
    expect(sourceOf('ConfigMap', /^dev-settings-/)).toMatchObject({
      file: 'base/kustomization.yaml',
      generated: true,
    });
    for (const o of set.objects) {
      const { content } = await t.h.api.call('repo.readFile', { appId: app.id, path: o.source.file });
      expect(content.length, o.source.file).toBeGreaterThan(0);
    }
  });

  it('marks the old generated ConfigMap as replaced when the generator changes its hash', async () => {
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 120_000);
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    expect((await done).phase).toBe('Succeeded');
    const synced = await waitForState(t.h, app.id, 'overlays synced', (s) => s.sync === 'Synced');
    const oldName = synced.resources.find((r) => /^dev-settings-/.test(r.key.name) && !r.parentId)!.key.name;

    const kustomization = join(app.repoPath, 'base/kustomization.yaml');
    await writeFile(
      kustomization,
      (await readFile(kustomization, 'utf8')).replace('mode=first', 'mode=second'),
    );
    await t.sandbox.git(app.repoPath, 'commit', '-qam', 'new settings');
    const state = await waitForState(t.h, app.id, 'old generation extraneous', (s) =>
      s.resources.some((r) => r.key.name === oldName && r.sync === 'Extraneous'),
    );
    const old = state.resources.find((r) => r.key.name === oldName)!;
    expect(old.syncReason).toMatch(/^Generated, replaced by dev-settings-[a-z0-9]{10}/);
    expect(old.syncReason).not.toContain(oldName);

    const plan = await t.h.api.call('sync.plan', {
      appId: app.id,
      options: { ...noSyncOptions, prune: true },
    });
    const prune = plan.items.find((i) => i.key.name === oldName);
    expect(prune?.action).toBe('prune');
    expect(prune?.message).toMatch(/^Generated, replaced by/);
  });
});
