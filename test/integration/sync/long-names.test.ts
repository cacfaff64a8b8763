import { describe, expect, it } from 'vitest';
import type { SyncRun } from '../../../src-shared/model';
import { createClusterApp, namespaceYaml, noSyncOptions, resource } from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

/** A DNS subdomain of exactly `length` characters: labels of up to 63, then `suffix`. */
function subdomain(length: number, suffix: string, fill = 'a'): string {
  let out = '';
  while (out.length + suffix.length + 1 < length) {
    const room = length - suffix.length - out.length - 1;
    out += `${fill.repeat(Math.min(63, room === 1 ? 1 : room - (room > 63 ? 1 : 0)))}`;
    if (out.length + suffix.length + 1 < length) out += '.';
  }
  return `${out}.${suffix}`.slice(0, length);
}

describe('every valid name works', () => {
  const t = useClusterTest('longnames');
  const { ns } = t;

  it('a 253-character ConfigMap name and a custom resource with a 251-character group: diff, events, selective sync', async () => {
    const cmName = subdomain(253, 'cm', 'c');
    // A CRD is named <plural>.<group> within 253 characters: a one-letter plural leaves 251 for the group.
    const group = subdomain(251, `${ns}.example.com`, 'g');
    // The kind's "<Kind>List" must fit 63 characters too.
    const kind = `W${'x'.repeat(58)}`;
    const crName = subdomain(253, 'cr', 'r');
    expect([cmName.length, group.length, kind.length, crName.length]).toEqual([253, 251, 59, 253]);
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `long-${ns}`,
      namespace: ns,
      files: {
        'ns.yaml': namespaceYaml(ns),
        'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${cmName}\n  namespace: ${ns}\ndata:\n  a: "1"\n`,
        'crd.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: w.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: w, singular: ${kind.toLowerCase()}, kind: ${kind}, listKind: ${kind}List }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true }
`,
        'cr.yaml': `apiVersion: ${group}/v1\nkind: ${kind}\nmetadata:\n  name: ${crName}\n  namespace: ${ns}\nspec:\n  size: 1\n`,
      },
    });
    try {
      const sync = async (resources: string[]): Promise<SyncRun> => {
        const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
        await t.h.api.call('sync.start', { appId: app.id, options: { ...noSyncOptions, resources } });
        return done;
      };
      const state = await t.h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
      const cmId = resource(state, 'ConfigMap', cmName)!.id;
      const crdId = resource(state, 'CustomResourceDefinition', `w.${group}`)!.id;
      const nsId = resource(state, 'Namespace', ns)!.id;
      const crId = resource(state, kind, crName)!.id;
      expect(crId.length).toBeGreaterThan(500);

      const first = await sync([nsId, crdId]);
      expect(first.phase, JSON.stringify(first.items)).toBe('Succeeded');
      expect(first.items.map((i) => i.id).sort()).toEqual([crdId, nsId].sort());
      // A sync ends once the server accepted the last wave; the CRD may still be on its way to
      // Established, as it would be for a person syncing its resources a moment later.
      await t.kubectl('wait', '--for=condition=Established', '--timeout=60s', `crd/w.${group}`);
      const second = await sync([cmId, crId]);
      expect(second.phase, JSON.stringify(second.items)).toBe('Succeeded');
      expect(second.items.map((i) => i.id).sort()).toEqual([cmId, crId].sort());

      for (const id of [cmId, crId]) {
        const diff = await t.h.api.call('state.diff', { appId: app.id, resourceId: id, compareWith: 'HEAD' });
        expect(diff.id).toBe(id);
        expect(diff.liveYaml).toContain('name: ');
        const events = await t.h.api.call('state.events', { appId: app.id, resourceId: id });
        expect(Array.isArray(events.events)).toBe(true);
      }
      const synced = await t.h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
      expect(resource(synced, 'ConfigMap', cmName)?.sync).toBe('Synced');
      expect(resource(synced, kind, crName)?.sync).toBe('Synced');
    } finally {
      await t.kubectl('delete', 'crd', `w.${group}`, '--ignore-not-found', '--wait=false');
    }
  });
});
