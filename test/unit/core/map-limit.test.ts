import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../src-main/core/map-limit';

function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('mapLimit', () => {
  it('keeps the order of the items and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, n));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('lets I/O callbacks run during a long run of items answered at once', async () => {
    const events: string[] = [];
    setImmediate(() => events.push('io'));
    await mapLimit(
      Array.from({ length: 100 }, (_, i) => i),
      4,
      async (i) => {
        busy(0.5);
        if (i === 99) events.push('last item');
        return i;
      },
    );
    expect(events).toEqual(['io', 'last item']);
  });
});
