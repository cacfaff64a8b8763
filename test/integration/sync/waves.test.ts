import { describe, expect, it } from 'vitest';
import type { SyncItemResult, SyncWaveProgress } from '../../../src-shared/model';
import { createClusterApp, deployment, noSyncOptions } from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

const wave = (n: number) => `  annotations:\n    argocd.argoproj.io/sync-wave: "${n}"\n`;

describe('sync waves in the author’s order', () => {
  const t = useClusterTest('waves');
  const { ns } = t;
  const group = `${ns}.waves.example.com`;

  it('pulls the Namespace and CRD forward; wave -1 is healthy before wave 0; plan, progress and apply agree', async () => {
    const files = {
      // The Namespace is wave 0, but the wave -1 Job lives in it.
      'ns.yaml': `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`,
      'job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: ${ns}
${wave(-1)}spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: run
          image: busybox
          command: ["true"]
`,
      'deployment.yaml': deployment('web', ns, 1),
      'late.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: late\n  namespace: ${ns}\n${wave(1)}data:\n  a: "1"\n`,
      'crd.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.${group}
${wave(-1)}spec:
  group: ${group}
  scope: Namespaced
  names: { plural: gadgets, singular: gadget, kind: Gadget, listKind: GadgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`,
      'cr.yaml': `apiVersion: ${group}/v1\nkind: Gadget\nmetadata:\n  name: g1\n  namespace: ${ns}\n${wave(-1)}spec:\n  size: 1\n`,
    };
    const app = await createClusterApp(t.h, t.sandbox, { name: `waves-${ns}`, namespace: ns, files });
    try {
      const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
      const order = plan.items.map((i) => `${i.key.kind}/${i.key.name}`);
      expect(order).toEqual([
        `Namespace/${ns}`,
        `CustomResourceDefinition/gadgets.${group}`,
        'Job/migrate',
        'Gadget/g1',
        'Deployment/web',
        'ConfigMap/late',
      ]);
      const nsRow = plan.items[0]!;
      expect(nsRow).toMatchObject({ wave: 0, effectiveWave: -1 });
      expect(nsRow.movedReason).toMatch(
        /Pulled forward from wave 0: (Job migrate|Gadget g1) \(wave -1\) needs it/,
      );
      expect(plan.items.find((i) => i.key.kind === 'Job')?.effectiveWave).toBeUndefined();

      const events: { kind: 'item'; item: SyncItemResult }[] = [];
      const waves: SyncWaveProgress[] = [];
      const timeline: string[] = [];
      const off1 = t.h.api.on('sync.progress', (p) => {
        if (p.appId !== app.id) return;
        events.push({ kind: 'item', item: p.item });
        timeline.push(`${p.item.phase}:${p.item.key.kind}/${p.item.key.name}`);
      });
      const off2 = t.h.api.on('sync.wave', (w) => {
        if (w.appId !== app.id) return;
        waves.push(w);
        if (w.phase !== 'waiting') timeline.push(`wave ${w.wave} ${w.phase}`);
      });
      const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 150_000);
      await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
      const run = await done;
      off1();
      off2();
      expect(run.phase, run.message).toBe('Succeeded');

      const first = (phase: string, what: string) => timeline.indexOf(`${phase}:${what}`);
      const applied = (what: string) => first('applied', what);
      // The Namespace and CRD first, then the Job and CR, wave -1 healthy, then wave 0, then wave 1.
      expect(applied(`Namespace/${ns}`)).toBeLessThan(first('applying', 'Job/migrate'));
      expect(applied(`CustomResourceDefinition/gadgets.${group}`)).toBeLessThan(
        first('applying', 'Gadget/g1'),
      );
      expect(first('healthy', 'Job/migrate')).toBeLessThan(first('applying', 'Deployment/web'));
      expect(timeline.indexOf('wave -1 healthy')).toBeLessThan(first('applying', 'Deployment/web'));
      expect(applied('Deployment/web')).toBeLessThan(first('applying', 'ConfigMap/late'));
      // Progress carries each item's wave, in the plan's groups.
      const waveOf = (name: string) => events.find((e) => e.item.key.name === name)?.item.wave;
      expect([waveOf(ns), waveOf('migrate'), waveOf('g1'), waveOf('web'), waveOf('late')]).toEqual([
        -1, -1, -1, 0, 1,
      ]);
      expect(waves.filter((w) => w.phase === 'applying').map((w) => w.wave)).toEqual([-1, 0, 1]);
      // The run items come in plan order.
      expect(run.items.map((i) => `${i.key.kind}/${i.key.name}`)).toEqual(order);
    } finally {
      await t.kubectl('delete', 'crd', `gadgets.${group}`, '--ignore-not-found', '--wait=false');
    }
  });
});
