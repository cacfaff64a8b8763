import { describe, expect, it } from 'vitest';
import { ComparisonReuse } from '../../../../src-main/core/compare/comparison-reuse';

describe('ComparisonReuse', () => {
  const verdict = { dryRun: { kind: 'ConfigMap' }, sync: 'Synced' as const };
  const rule = { group: '', kind: 'ConfigMap', jsonPointers: ['/data/x'] };

  it('reuses a verdict only for the very same body, live object and rules', () => {
    const reuse = new ComparisonReuse(10);
    const body = { kind: 'ConfigMap' };
    const live = { kind: 'ConfigMap', metadata: { resourceVersion: '1' } };
    reuse.set('k', { body }, live, [], verdict);
    expect(reuse.get('k', { body }, live, [])).toBe(verdict);
    // An equal but new body (the file was saved and parsed again) is a new comparison.
    expect(reuse.get('k', { body: { kind: 'ConfigMap' } }, live, [])).toBeUndefined();
    // A watch event replaced the live object.
    expect(reuse.get('k', { body }, { ...live }, [])).toBeUndefined();
    expect(reuse.get('k', { body }, undefined, [])).toBeUndefined();
    // The app's ignore rules changed.
    expect(reuse.get('k', { body }, live, [rule])).toBeUndefined();
    expect(reuse.get('other', { body }, live, [])).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest, and clears', () => {
    const reuse = new ComparisonReuse(2);
    const body = {};
    for (const k of ['a', 'b', 'c']) reuse.set(k, { body }, undefined, [], verdict);
    expect(reuse.size).toBe(2);
    expect(reuse.get('a', { body }, undefined, [])).toBeUndefined();
    expect(reuse.get('c', { body }, undefined, [])).toBe(verdict);
    reuse.clear();
    expect(reuse.size).toBe(0);
  });
});
