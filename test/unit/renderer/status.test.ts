import { describe, expect, it } from 'vitest';
import { shortOid, worstHealth, worstSync } from '../../../src-renderer/state/status';

describe('worst-of badges', () => {
  it('sync: a difference outranks absence, and empty is Synced', () => {
    expect(worstSync([])).toBe('Synced');
    expect(worstSync(['Synced', 'Missing'])).toBe('Missing');
    expect(worstSync(['Missing', 'OutOfSync', 'Synced'])).toBe('OutOfSync');
    expect(worstSync(['Synced', 'Extraneous'])).toBe('Extraneous');
  });

  it('health follows the gitops-engine order', () => {
    expect(worstHealth([])).toBe('Healthy');
    expect(worstHealth(['Healthy', 'Progressing'])).toBe('Progressing');
    expect(worstHealth(['Progressing', 'Degraded', 'Suspended'])).toBe('Degraded');
    expect(worstHealth(['Degraded', 'Unknown'])).toBe('Unknown');
  });

  it('abbreviates commit ids', () => {
    expect(shortOid('0123456789abcdef0123456789abcdef01234567')).toBe('0123456');
    expect(shortOid(null)).toBe('—');
  });
});

describe('denialsOf', () => {
  it('names the user, verb, resource and namespace the API server refused, once each', async () => {
    const { denialsOf, denialText } = await import('../../../src-renderer/features/resources/permissions');
    const reason =
      'ConfigMap x: forbidden (403): configmaps "x" is forbidden: User "restricted-user" cannot get resource "configmaps" in API group "" in the namespace "uireview". Ask a cluster admin for the missing permission or use another context.';
    const state = {
      connection: { context: 'c', status: 'connected' },
      resources: [{ syncReason: reason, healthReason: reason }, { syncReason: 'Differs at spec.replicas' }],
    } as unknown as Parameters<typeof denialsOf>[0];
    const list = denialsOf(state);
    expect(list.map(denialText)).toEqual(['restricted-user cannot get configmaps in uireview']);
    expect(denialsOf(undefined)).toEqual([]);
  });
});
