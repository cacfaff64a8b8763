import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppSettings } from '../../../src-shared/model';
import { useClusterTest } from '../../support/cluster-test';
import { createClusterApp, noSyncOptions, resource, waitForState } from '../../support/kube-fixtures';

/**
 * A chart rendered by the real `helm` (built in test/cluster/tools): two value files in order, a
 * vendored dependency, a CRD in crds/, capabilities from the cluster, and a sync to Healthy.
 */
describe('Helm charts as apps', () => {
  const t = useClusterTest('helm');
  afterAll(async () => {
    for (const crd of [`widgets.${group()}`, `gizmos.${group()}`])
      await t.kubectl?.('delete', 'crd', crd, '--ignore-not-found', '--wait=false').catch(() => undefined);
  });
  const group = () => `${t.ns}.example.com`;
  let app: AppSettings;
  let repo: string;

  const files = () => ({
    'chart/Chart.yaml': [
      'apiVersion: v2',
      'name: shop',
      'version: 0.1.0',
      'dependencies:',
      '  - name: cache',
      '    version: 0.1.0',
      '',
    ].join('\n'),
    'chart/values.yaml': 'replicas: 1\ngreeting: from-defaults\ncolour: red\n',
    'chart/values-prod.yaml': 'replicas: 2\ngreeting: from-prod\n',
    'chart/values-extra.yaml': 'greeting: from-extra\n',
    'chart/crds/gizmo.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gizmos.${group()}
spec:
  group: ${group()}
  scope: Namespaced
  names: { plural: gizmos, singular: gizmo, kind: Gizmo }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`,
    'chart/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: { app: {{ .Release.Name }}-web }
  template:
    metadata:
      labels: { app: {{ .Release.Name }}-web }
    spec:
      containers:
        - name: web
          image: registry.k8s.io/pause:3.10
`,
    'chart/templates/config.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  greeting: {{ .Values.greeting | quote }}
  colour: {{ .Values.colour | quote }}
  kubeVersion: {{ .Capabilities.KubeVersion.Version | quote }}
  {{- if .Capabilities.APIVersions.Has "${group()}/v1/Widget" }}
  widgets: "served"
  {{- end }}
`,
    'chart/charts/cache/Chart.yaml': 'apiVersion: v2\nname: cache\nversion: 0.1.0\n',
    'chart/charts/cache/values.yaml': 'size: small\n',
    'chart/charts/cache/templates/cache.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cache
data:
  size: {{ .Values.size | quote }}
`,
  });

  it('renders with value files in order, --set, the vendored dependency, CRDs and cluster capabilities', async () => {
    // A CRD only this cluster serves: Helm's built-in defaults cannot know it.
    await t.kubectl.apply(`apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.${group()}
spec:
  group: ${group()}
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true }
`);
    await t.kubectl('wait', '--for=condition=Established', `crd/widgets.${group()}`, '--timeout=30s');

    app = await createClusterApp(t.h, t.sandbox, { name: t.ns, namespace: t.ns, files: files() });
    repo = app.repoPath;
    app = await t.h.api.call('apps.update', {
      appId: app.id,
      changes: {
        helm: {
          valueFiles: ['chart/values-prod.yaml', 'chart/values-extra.yaml'],
          releaseName: 'shop',
          set: ['colour=blue'],
          includeCrds: true,
        },
      },
    });
    const set = await t.h.api.call('manifests.load', { appId: app.id, revision: 'HEAD' });
    expect(set.problems).toEqual([]);
    const byName = Object.fromEntries(set.objects.map((o) => [`${o.key.kind}/${o.key.name}`, o]));
    expect(Object.keys(byName).sort()).toEqual([
      'ConfigMap/shop-cache',
      'ConfigMap/shop-config',
      `CustomResourceDefinition/gizmos.${group()}`,
      'Deployment/shop-web',
    ]);
    // Each object opens its own template; the CRD is not a template and stays on the chart.
    expect(byName['Deployment/shop-web']!.source).toMatchObject({
      file: 'chart/templates/deployment.yaml',
      renderedBy: 'helm',
      fromTemplate: true,
      // Opening it lands on the template's `kind: Deployment`, not line 1.
      startLine: 2,
    });
    expect(byName['ConfigMap/shop-cache']!.source.file).toBe('chart/charts/cache/templates/cache.yaml');
    expect(byName['ConfigMap/shop-config']!.source.file).toBe('chart/templates/config.yaml');

    const state = await t.h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    expect(resource(state, 'Deployment', 'shop-web')?.sync).toBe('Missing');
    const diff = await t.h.api.call('state.diff', {
      appId: app.id,
      resourceId: resource(state, 'ConfigMap', 'shop-config')!.id,
      compareWith: 'HEAD',
    });
    // values-extra.yaml comes after values-prod.yaml; --set wins over values.yaml.
    expect(diff.desiredYaml).toContain('greeting: from-extra');
    expect(diff.desiredYaml).toContain('colour: blue');
    const server = JSON.parse(await t.kubectl('version', '-o', 'json')) as {
      serverVersion: { gitVersion: string };
    };
    expect(diff.desiredYaml).toContain(`kubeVersion: ${server.serverVersion.gitVersion}`);
    expect(diff.desiredYaml).toContain('widgets: served');
    const dep = await t.h.api.call('state.diff', {
      appId: app.id,
      resourceId: resource(state, 'Deployment', 'shop-web')!.id,
      compareWith: 'HEAD',
    });
    expect(dep.desiredYaml).toMatch(/replicas: 2/);
  });

  it('syncs the chart and every object becomes Healthy', async () => {
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 120_000);
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    const run = await done;
    expect(run.phase, JSON.stringify(run.items)).toBe('Succeeded');
    const state = await waitForState(
      t.h,
      app.id,
      'chart synced and healthy',
      (s) => s.sync === 'Synced' && s.health === 'Healthy',
      'HEAD',
      90_000,
    );
    expect(resource(state, 'Deployment', 'shop-web')?.health).toBe('Healthy');
    const live = JSON.parse(await t.kubectl('get', 'deployment', 'shop-web', '-n', t.ns, '-o', 'json')) as {
      spec: { replicas: number };
    };
    expect(live.spec.replicas).toBe(2);
  });

  it('re-renders the working tree when values.yaml is edited and shows the change against live', async () => {
    await writeFile(join(repo, 'chart/values.yaml'), 'replicas: 1\ngreeting: from-defaults\ncolour: green\n');
    await t.h.api.call('apps.update', {
      appId: app.id,
      changes: {
        helm: { valueFiles: ['chart/values-prod.yaml'], releaseName: 'shop', set: [], includeCrds: true },
      },
    });
    const state = await waitForState(
      t.h,
      app.id,
      'edited values out of sync',
      (s) => resource(s, 'ConfigMap', 'shop-config')?.sync === 'OutOfSync',
      'worktree',
    );
    const diff = await t.h.api.call('state.diff', {
      appId: app.id,
      resourceId: resource(state, 'ConfigMap', 'shop-config')!.id,
      compareWith: 'worktree',
    });
    expect(diff.desiredYaml).toContain('colour: green');
    expect(diff.liveYaml).toContain('colour: blue');
  });

  it('puts a template error at its file and line, and holds prune while the chart does not render', async () => {
    await writeFile(
      join(repo, 'chart/templates/broken.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.missing.deeper }}\n',
    );
    await t.sandbox.git(repo, 'add', '-A');
    await t.sandbox.git(repo, 'commit', '-q', '-m', 'broken template');
    const set = await t.h.api.call('manifests.load', { appId: app.id, revision: 'HEAD' });
    expect(set.objects).toEqual([]);
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]).toMatchObject({
      file: 'chart/templates/broken.yaml',
      line: 4,
      renderFailed: true,
    });
    expect(set.problems[0]!.message).toMatch(/nil pointer|missing/);
    expect(set.problems[0]!.message).not.toContain(repo);

    const plan = await t.h.api.call('sync.plan', {
      appId: app.id,
      options: { ...noSyncOptions, prune: true },
    });
    expect(plan.items.filter((i) => i.action === 'prune')).toEqual([]);
    expect(plan.problems[0]?.file).toBe('chart/templates/broken.yaml');
  });

  it('says which value file is missing instead of rendering without it', async () => {
    await t.h.api.call('apps.update', {
      appId: app.id,
      changes: { helm: { valueFiles: ['chart/nope.yaml'], set: [], includeCrds: true } },
    });
    const set = await t.h.api.call('manifests.load', { appId: app.id, revision: 'worktree' });
    expect(set.objects).toEqual([]);
    expect(set.problems).toEqual([
      {
        file: 'chart/nope.yaml',
        renderFailed: true,
        message:
          'Value file "chart/nope.yaml" (in the app\'s chart settings) does not exist in the app folder. Create it or remove it from the settings.',
      },
    ]);
  });
});
