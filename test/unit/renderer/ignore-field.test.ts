import { describe, expect, it } from 'vitest';
import { withIgnoredField } from '../../../src-renderer/features/diff/ignore-field';
import { fromDrafts, toDrafts } from '../../../src-renderer/features/apps/IgnoreRulesEditor';

const key = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };

describe('Ignore this field', () => {
  it('adds a rule for exactly this resource, then extends that rule', () => {
    const first = withIgnoredField(undefined, key, '/spec/replicas');
    expect(first).toEqual([
      { group: 'apps', kind: 'Deployment', name: 'web', namespace: 'shop', jsonPointers: ['/spec/replicas'] },
    ]);
    const second = withIgnoredField(first, key, '/spec/paused');
    expect(second[0]!.jsonPointers).toEqual(['/spec/replicas', '/spec/paused']);
    expect(withIgnoredField(second, key, '/spec/paused')).toBe(second);
    // A broader rule is left alone; the cluster-scoped resource gets no namespace.
    const broad = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/x'] }];
    expect(withIgnoredField(broad, key, '/y')).toHaveLength(2);
    const ns = withIgnoredField(
      [],
      { group: '', kind: 'Namespace', namespace: '', name: 'shop' },
      '/metadata/labels',
    );
    expect(ns[0]).not.toHaveProperty('namespace');
  });

  it('settings drafts round-trip, splitting lists on commas and lines', () => {
    const rules = [
      { group: '', kind: 'ConfigMap', name: 'a-*', jsonPointers: ['/data/x', '/data/y'] },
      { group: 'apps', kind: '*', managedFieldsManagers: ['kube-controller-manager'] },
    ];
    expect(fromDrafts(toDrafts(rules))).toEqual(rules);
    expect(
      fromDrafts([
        { group: ' ', kind: 'Pod ', name: '', namespace: ' ns ', pointers: '/a,\n/b , ', managers: '' },
      ]),
    ).toEqual([{ group: '', kind: 'Pod', namespace: 'ns', jsonPointers: ['/a', '/b'] }]);
  });
});
