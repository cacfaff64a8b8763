import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, describeName } from '../../../src-main/api/dispatcher';
import type { Handlers } from '../../../src-main/api/types';

describe('dispatcher', () => {
  const ping = vi.fn(async ({ message }: { message: string }) => ({ message, at: 'now' }));
  const dispatch = createDispatcher({ 'system.ping': ping } as unknown as Handlers);

  it('answers requests whose name is not a string without converting it', async () => {
    const names: unknown[] = [
      { toString: 1 },
      { toString: null, valueOf: null },
      {},
      [],
      null,
      undefined,
      7,
      true,
    ];
    for (const name of names) {
      const envelope = await dispatch(name, {});
      expect(envelope).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    }
    expect(ping).not.toHaveBeenCalled();
  });

  it('describes names for the error message, quoting and bounding strings', () => {
    expect(describeName('repo.nope')).toBe('"repo.nope"');
    expect(describeName('x'.repeat(500))).toHaveLength(102);
    expect(describeName({ toString: 1 })).toBe('(an object)');
    expect(describeName([1])).toBe('(an array)');
    expect(describeName(null)).toBe('(null)');
    expect(describeName(3)).toBe('(a number)');
  });

  it('still validates and runs a known request', async () => {
    expect(await dispatch('system.ping', { message: 'hi' })).toEqual({
      ok: true,
      result: { message: 'hi', at: 'now' },
    });
    expect(await dispatch('system.ping', { message: { toString: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
  });
});
