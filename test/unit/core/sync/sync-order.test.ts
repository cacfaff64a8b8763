import { describe, expect, it } from 'vitest';
import type { ResourceKey } from '../../../../src-shared/model';
import {
  applySteps,
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
      'ServiceAccount/sa',
      'Secret/s',
      'ConfigMap/cfg',
      'CustomResourceDefinition/widgets.example.com',
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
  it('puts a Namespace before its contents even when its wave is later', () => {
    const items = [item(k('ConfigMap', 'cfg', 'team'), 0), item(k('Namespace', 'team', ''), 5)];
    const steps = applySteps(items);
    expect(steps.map((s) => [s.wave, names(s.items)])).toEqual([
      [5, ['Namespace/team']],
      [5, ['ConfigMap/cfg']],
    ]);
  });
  it('puts a CRD before its custom resources even when its wave is later', () => {
    const crd = item(k('CustomResourceDefinition', 'widgets.example.com', '', 'apiextensions.k8s.io'), 3, {
      group: 'example.com',
      kind: 'Widget',
    });
    const cr = item(k('Widget', 'w', 'ns', 'example.com'), 0);
    const other = item(k('Gadget', 'g', 'ns', 'example.com'), 0);
    expect(names(sortForApply([cr, other, crd]))).toEqual([
      'Gadget/g',
      'CustomResourceDefinition/widgets.example.com',
      'Widget/w',
    ]);
  });
  it('treats a custom kind with a built-in name as another kind', () => {
    expect(kindRank({ group: 'example.com', kind: 'Namespace' })).toBeGreaterThan(
      kindRank({ group: 'apps', kind: 'Deployment' }),
    );
  });
  it('groups one step per wave and kind so independent resources apply together', () => {
    const items = [
      item(k('ConfigMap', 'a')),
      item(k('ConfigMap', 'b')),
      item(k('Deployment', 'd', 'ns', 'apps')),
      item(k('Widget', 'w', 'ns', 'example.com')),
      item(k('Gadget', 'g', 'ns', 'example.com')),
      item(k('ConfigMap', 'c'), 1),
    ];
    expect(applySteps(items).map((s) => [s.wave, names(s.items)])).toEqual([
      [0, ['ConfigMap/a', 'ConfigMap/b']],
      [0, ['Deployment/d']],
      [0, ['Gadget/g', 'Widget/w']],
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
