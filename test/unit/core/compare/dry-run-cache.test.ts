import { describe, expect, it } from 'vitest';
import { DryRunCache } from '../../../../src-main/core/compare/dry-run-cache';

describe('DryRunCache', () => {
  const notFound = { ok: false as const, code: 'not-found', message: 'namespaces "guestbook" not found' };
  it('replays a success until cleared', () => {
    const c = new DryRunCache();
    const k = c.key('ctx', 'body', undefined);
    c.set(k, { ok: true, object: { a: 1 } });
    c.forgetFailures();
    expect(c.get(k)).toEqual({ ok: true, object: { a: 1 } });
  });
  it('never replays a failure once the app changed the cluster', () => {
    const c = new DryRunCache();
    const k = c.key('ctx', 'body', undefined);
    c.set(k, notFound);
    expect(c.get(k)).toEqual(notFound);
    c.forgetFailures();
    expect(c.get(k)).toBeUndefined();
  });
  it('forgets a failure after a short while (the cluster may have changed without us)', () => {
    let now = 1000;
    const c = new DryRunCache(100, 2000, () => now);
    const k = c.key('ctx', 'body', undefined);
    c.set(k, notFound);
    now += 1999;
    expect(c.get(k)).toEqual(notFound);
    now += 2;
    expect(c.get(k)).toBeUndefined();
  });
  it('does not remember transient failures at all', () => {
    const c = new DryRunCache();
    const k = c.key('ctx', 'body', undefined);
    c.set(k, { ok: false, code: 'timeout', message: 'slow' });
    expect(c.get(k)).toBeUndefined();
  });
});
