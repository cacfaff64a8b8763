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
