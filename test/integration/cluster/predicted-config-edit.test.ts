import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { ClusterConnection } from '../../../src-main/core/cluster/cluster-connection';
import type { KubeObject } from '../../../src-main/core/cluster/kube-object';
import { admissionMayIntervene } from '../../../src-main/core/compare/admission-hooks';
import { normalise } from '../../../src-main/core/compare/normalise';
import { predictedConfigEdit } from '../../../src-main/core/compare/unchanged-by-apply';
import { fieldManager, withTracking } from '../../../src-main/core/sync/tracking';
import {
  adminContext,
  configMap,
  createClusterApp,
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

describe('a saved ConfigMap value, decided without the server', () => {
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
        'frozen.yaml': frozen(ns),
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

    const info = (await conn.discovery.find('', 'ConfigMap', 'v1'))!;
    expect(await admissionMayIntervene(conn, info)).toBe(false);
    const liveOf = async (name: string) =>
      JSON.parse(
        await t.kubectl('get', 'configmap', name, '-n', ns, '-o', 'json', '--show-managed-fields'),
      ) as KubeObject;
    const settings = await liveOf('settings');
    const cases: { name: string; text: string; predictable: boolean }[] = [
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
      { name: 'frozen', text: frozen(ns).replace('"1"', '"2"'), predictable: false },
    ];
    const frozenLive = await liveOf('frozen');
    for (const c of cases) {
      const key = { group: '', kind: 'ConfigMap', namespace: ns, name: c.name };
      const desired = withTracking(parse(c.text) as KubeObject, app.id, key);
      const live = c.name === 'frozen' ? frozenLive : settings;
      const predicted = predictedConfigEdit(desired, live);
      expect(predicted !== undefined, c.text.slice(0, 200)).toBe(c.predictable);
      if (!predicted) continue;
      const server = await conn.client.apply(info, ns, c.name, desired, {
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
