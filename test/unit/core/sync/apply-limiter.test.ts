import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApplyLimiter } from '../../../../src-main/core/sync/apply-limiter';
import { httpFailure } from '../../../../src-main/core/cluster/kube-errors';

const tooMany = () =>
  httpFailure(
    429,
    JSON.stringify({ kind: 'Status', reason: 'TooManyRequests', code: 429, message: 'too many requests' }),
    'Applying',
  );

describe('ApplyLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it('never runs more than its limit at once', async () => {
    const limiter = new ApplyLimiter(3, 3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });
  it('retries on 429, halving its concurrency', async () => {
    const limiter = new ApplyLimiter(8);
    let calls = 0;
    const out = await limiter.run(async () => {
      calls++;
      if (calls < 3) throw tooMany();
      return 'done';
    });
    expect(out).toBe('done');
    expect(calls).toBe(3);
    expect(limiter.concurrency).toBeLessThanOrEqual(2 + 1);
  });
  it('does not retry other failures', async () => {
    const limiter = new ApplyLimiter(4);
    let calls = 0;
    await expect(
      limiter.run(async () => {
        calls++;
        throw new Error('invalid');
      }),
    ).rejects.toThrow('invalid');
    expect(calls).toBe(1);
  });
  it('waits as long as the Retry-After header of a 429 asks before retrying', async () => {
    vi.useFakeTimers();
    const limiter = new ApplyLimiter(4);
    let calls = 0;
    const throttled = httpFailure(429, 'Too many requests, please try again later.', 'Applying', 3);
    const out = limiter.run(async () => {
      calls++;
      if (calls === 1) throw throttled;
      return 'done';
    });
    await vi.advanceTimersByTimeAsync(2900);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    await expect(out).resolves.toBe('done');
    expect(calls).toBe(2);
  });
});
