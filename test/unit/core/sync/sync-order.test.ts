import { describe, expect, it } from 'vitest';
import type { ResourceKey } from '../../../../src-shared/model';
import {
  applySteps,
  effectiveWaves,
  kindRank,
  sortForApply,
  sortForPrune,
  syncWave,
  type Orderable,
} from '../../../../src-main/core/sync/sync-order';

const k = (kind: string, name = 'x', namespace = 'ns', group = ''): ResourceKey => ({
  group,
  kind,
  namespace,
  name,
});
const item = (key: ResourceKey, wave = 0, defines?: { group: string; kind: string }): Orderable => ({
  key,
  wave,
  ...(defines ? { defines } : {}),
});
const names = (items: Orderable[]) => items.map((i) => `${i.key.kind}/${i.key.name}`);

describe('sync order', () => {
  it('follows Argo CD kind order', () => {
    const items = [
      item(k('Deployment', 'web', 'ns', 'apps')),
      item(k('Ingress', 'web', 'ns', 'networking.k8s.io')),
      item(k('Service', 'web')),
      item(k('ConfigMap', 'cfg')),
      item(k('Namespace', 'ns', '')),
      item(k('Secret', 's')),
      item(k('ServiceAccount', 'sa')),
      item(k('CustomResourceDefinition', 'widgets.example.com', '', 'apiextensions.k8s.io')),
      item(k('Widget', 'w', 'ns', 'example.com')),
      item(k('Job', 'j', 'ns', 'batch')),
    ];
    expect(names(sortForApply(items))).toEqual([
      'Namespace/ns',
      'CustomResourceDefinition/widgets.example.com',
      'ServiceAccount/sa',
      'Secret/s',
      'ConfigMap/cfg',
      'Service/web',
      'Deployment/web',
      'Job/j',
      'Ingress/web',
      'Widget/w',
    ]);
  });
  it('sorts waves before kinds, negative waves first', () => {
    const items = [
      item(k('ConfigMap', 'late'), 2),
      item(k('Deployment', 'early', 'ns', 'apps'), -1),
      item(k('Service', 'mid')),
    ];
    expect(names(sortForApply(items))).toEqual(['Deployment/early', 'Service/mid', 'ConfigMap/late']);
  });
  it('pulls a Namespace forward to the earliest wave that needs it, never pushing the dependent later', () => {
    const job = item(k('Job', 'migrate', 'team', 'batch'), -1);
    const deploy = item(k('Deployment', 'web', 'team', 'apps'), 0);
    const ns = item(k('Namespace', 'team', ''), 0);
    const steps = applySteps([deploy, ns, job]);
    expect(steps.map((s) => [s.wave, names(s.items)])).toEqual([
      [-1, ['Namespace/team']],
      [-1, ['Job/migrate']],
      [0, ['Deployment/web']],
    ]);
    const waves = effectiveWaves([deploy, ns, job]);
    expect(waves.get(job)).toEqual({ wave: -1 });
    expect(waves.get(deploy)).toEqual({ wave: 0 });
    expect(waves.get(ns)?.wave).toBe(-1);
    expect(waves.get(ns)?.reason).toMatch(/Pulled forward from wave 0: Job migrate \(wave -1\) needs it/);
  });
  it('keeps a Namespace in its own wave when it is already early enough', () => {
    const ns = item(k('Namespace', 'team', ''), -3);
    const cm = item(k('ConfigMap', 'cfg', 'team'), 0);
    expect(effectiveWaves([ns, cm]).get(ns)).toEqual({ wave: -3 });
  });
  it('pulls a CRD forward to the wave of its earliest custom resource, and applies it first in that wave', () => {
    const crd = item(k('CustomResourceDefinition', 'widgets.example.com', '', 'apiextensions.k8s.io'), 3, {
      group: 'example.com',
      kind: 'Widget',
    });
    const cr = item(k('Widget', 'w', 'ns', 'example.com'), -1);
    const cm = item(k('ConfigMap', 'early', 'ns'), -1);
    const other = item(k('Gadget', 'g', 'ns', 'example.com'), 0);
    expect(names(sortForApply([other, cr, cm, crd]))).toEqual([
      'CustomResourceDefinition/widgets.example.com',
      'ConfigMap/early',
      'Widget/w',
      'Gadget/g',
    ]);
    expect(effectiveWaves([other, cr, cm, crd]).get(crd)?.wave).toBe(-1);
  });
  it('treats a custom kind with a built-in name as another kind', () => {
    expect(kindRank({ group: 'example.com', kind: 'Namespace' })).toBeGreaterThan(
      kindRank({ group: 'apps', kind: 'Deployment' }),
    );
  });
  it('puts barriers only after Namespaces and CRDs and between waves', () => {
    const items = [
      item(k('ConfigMap', 'a')),
      item(k('ConfigMap', 'b')),
      item(k('Deployment', 'd', 'ns', 'apps')),
      item(k('Widget', 'w', 'ns', 'example.com')),
      item(k('Namespace', 'ns', '')),
      item(k('ConfigMap', 'c'), 1),
    ];
    expect(applySteps(items).map((s) => [s.wave, names(s.items)])).toEqual([
      [0, ['Namespace/ns']],
      [0, ['ConfigMap/a', 'ConfigMap/b', 'Deployment/d', 'Widget/w']],
      [1, ['ConfigMap/c']],
    ]);
  });
  it('prunes in reverse order', () => {
    const items = [
      item(k('Namespace', 'ns', '')),
      item(k('Deployment', 'd', 'ns', 'apps')),
      item(k('ConfigMap', 'c')),
    ];
    expect(names(sortForPrune(items))).toEqual(['Deployment/d', 'ConfigMap/c', 'Namespace/ns']);
  });
  it('reads the sync-wave annotation', () => {
    expect(syncWave({ metadata: { annotations: { 'argocd.argoproj.io/sync-wave': '-2' } } })).toBe(-2);
    expect(syncWave({ metadata: { annotations: { 'argocd.argoproj.io/sync-wave': ' 3 ' } } })).toBe(3);
    expect(syncWave({ metadata: { annotations: { 'argocd.argoproj.io/sync-wave': 'soon' } } })).toBe(0);
    expect(syncWave({ metadata: {} })).toBe(0);
  });
});
