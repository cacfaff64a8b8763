import { KubeConfig } from '../../../src-main/core/cluster/kube-config';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { groupOf } from '../../../src-shared/resource-id';
import { ClusterConnection } from '../../../src-main/core/cluster/cluster-connection';
import type { KubeObject } from '../../../src-main/core/cluster/kube-object';
import { admissionMayIntervene } from '../../../src-main/core/compare/admission-hooks';
import { normalise } from '../../../src-main/core/compare/normalise';
import { predictedValueEdit } from '../../../src-main/core/compare/predicted-edit';
import { fieldManager, withTracking } from '../../../src-main/core/sync/tracking';
import {
  adminContext,
  configMap,
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

function connect(): ClusterConnection {
  const kc = new KubeConfig();
  kc.loadFromFile(inject('kubeconfig'));
  kc.setCurrentContext(adminContext);
  return new ClusterConnection(adminContext, kc);
}

const frozen = (ns: string) => `${configMap('frozen', ns, { a: '1' })}immutable: true\n`;

/** Adds an annotation (with `value`) to the first document's metadata. */
const annotated = (text: string, value: string) =>
  text.replace(
    /^metadata:\n/m,
    `metadata:\n  annotations:\n    example.dev/generation: ${JSON.stringify(value)}\n`,
  );

const others = (ns: string) => ({
  web: deployment('web', ns, 0),
  svc: `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\n  namespace: ${ns}\nspec:\n  clusterIP: None\n  selector: { app: web }\n  ports:\n    - port: 80\n`,
  sa: `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\n  namespace: ${ns}\n`,
  reader: `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: ${ns}\nrules:\n  - apiGroups: [""]\n    resources: ["configmaps"]\n    verbs: ["get"]\n`,
  creds: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\n  namespace: ${ns}\ntype: Opaque\ndata:\n  password: czNjcjN0\n`,
});

describe('a saved value, decided without the server', () => {
  const t = useClusterTest('cfgedit');
  const { ns } = t;
  const conn = connect();
  afterAll(() => conn.dispose());

  it('predicts exactly what the server’s forced dry run answers, and leaves the rest to it', async () => {
    const base = { a: '1', b: 'two', multi: 'line one\nline two\n' };
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `cfgedit-${ns}`,
      namespace: ns,
      files: {
        'ns.yaml': namespaceYaml(ns),
        'settings.yaml': configMap('settings', ns, base),
        'frozen.yaml': annotated(frozen(ns), '1'),
        ...Object.fromEntries(
          Object.entries(others(ns)).map(([n, text]) => [`${n}.yaml`, annotated(text, '1')]),
        ),
      },
    });
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    expect((await done).phase).toBe('Succeeded');
    // Another program takes `b` over (an Update moves the field to its manager).
    await t.kubectl(
      'patch',
      'configmap',
      'settings',
      '-n',
      ns,
      '--type=merge',
      '-p',
      '{"data":{"b":"theirs"}}',
    );

    const liveOf = async (kind: string, name: string) =>
      JSON.parse(
        await t.kubectl('get', kind, name, '-n', ns, '-o', 'json', '--show-managed-fields'),
      ) as KubeObject;
    const cases: { name: string; text: string; predictable: boolean; kind?: string }[] = [
      { name: 'settings', text: configMap('settings', ns, { ...base, a: 'changed' }), predictable: true },
      { name: 'settings', text: configMap('settings', ns, { ...base, a: '' }), predictable: true },
      {
        name: 'settings',
        text: configMap('settings', ns, { ...base, multi: 'ünïcødé ✓ 🚀\n\ttabbed: "quoted"\n' }),
        predictable: true,
      },
      // The value another manager holds now, taken back by the forced apply.
      { name: 'settings', text: configMap('settings', ns, { ...base, b: 'mine again' }), predictable: true },
      // `b` left out: the other manager keeps it, so it stays.
      {
        name: 'settings',
        text: configMap('settings', ns, { a: 'without b', multi: base.multi }),
        predictable: true,
      },
      // A new key, a removed key this app owns, a label: the server's call.
      { name: 'settings', text: configMap('settings', ns, { ...base, c: 'new' }), predictable: false },
      { name: 'settings', text: configMap('settings', ns, { a: '1', b: 'two' }), predictable: false },
      {
        name: 'settings',
        text: configMap('settings', ns, { ...base, a: 'x' }).replace(
          `namespace: ${ns}\n`,
          `namespace: ${ns}\n  labels: { tier: web }\n`,
        ),
        predictable: false,
      },
      // Large values near the size limit, and immutable ConfigMaps (refused): never predicted.
      {
        name: 'settings',
        text: configMap('settings', ns, { ...base, a: 'x'.repeat(600_000) }),
        predictable: false,
      },
      { name: 'frozen', text: annotated(frozen(ns).replace('"1"', '"2"'), '1'), predictable: false },
      // An immutable ConfigMap's annotations may change.
      { name: 'frozen', text: annotated(frozen(ns), '2 ✓'), predictable: true },
      // Annotations of other built-in kinds.
      ...Object.entries(others(ns)).map(([name, text]) => ({
        name,
        text: annotated(text, `2 of ${name}`),
        predictable: true,
      })),
      // An edited Deployment spec: the server's call.
      { name: 'web', text: annotated(deployment('web', ns, 1), '1'), predictable: false },
    ];
    for (const c of cases) {
      const doc = parse(c.text) as KubeObject;
      const kind = String(doc.kind);
      const type = (await conn.discovery.find(groupOf(String(doc.apiVersion)), kind))!;
      const key = { group: type.group, kind, namespace: ns, name: c.name };
      const desired = withTracking(doc, app.id, key);
      const live = await liveOf(type.resource, c.name);
      const predicted = predictedValueEdit(desired, live, type.group);
      expect(predicted !== undefined, c.text.slice(0, 300)).toBe(c.predictable);
      if (!predicted) continue;
      expect(await admissionMayIntervene(conn, type)).toBe(false);
      const server = await conn.client.apply(type, ns, c.name, desired, {
        dryRun: true,
        force: true,
        fieldManager,
      });
      expect(normalise(predicted)).toEqual(normalise(server));
    }
  });

  it('counts an admission policy that may match ConfigMaps', async () => {
    const info = (await conn.discovery.find('', 'ConfigMap', 'v1'))!;
    const name = `cfgedit-${ns}`;
    // Without a binding the policy checks nothing: harmless to the tests running beside this one.
    await t.kubectl.apply(
      JSON.stringify({
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name },
        spec: {
          matchConstraints: {
            resourceRules: [
              { apiGroups: [''], apiVersions: ['v1'], operations: ['UPDATE'], resources: ['configmaps'] },
            ],
          },
          validations: [{ expression: 'true' }],
        },
      }),
    );
    try {
      let seen = false;
      for (let i = 0; i < 100 && !seen; i++) {
        seen = await admissionMayIntervene(conn, info);
        if (!seen) await new Promise((r) => setTimeout(r, 100));
      }
      expect(seen).toBe(true);
      const secrets = (await conn.discovery.find('', 'Secret', 'v1'))!;
      expect(await admissionMayIntervene(conn, secrets)).toBe(false);
    } finally {
      await t.kubectl('delete', 'validatingadmissionpolicy', name, '--ignore-not-found');
    }
  });
});
