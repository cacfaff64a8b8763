import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { limitYoungGeneration } from '../../../src-main/core/heap-tuning';

const newSpace = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;

describe('limitYoungGeneration', () => {
  it('stops the young generation from growing while many objects survive', () => {
    const before = newSpace();
    // A target it already reached: growth stops at once.
    limitYoungGeneration(1);
    // Objects that survive their scavenges, the pattern that makes V8 grow the young generation.
    const kept: { i: number; s: string }[][] = [];
    for (let round = 0; round < 20; round++) {
      const batch: { i: number; s: string }[] = [];
      for (let i = 0; i < 50_000; i++) batch.push({ i, s: `item-${round}-${i}` });
      kept.push(batch);
    }
    expect(kept.length).toBe(20);
    expect(newSpace()).toBeLessThanOrEqual(before);
  });
});
