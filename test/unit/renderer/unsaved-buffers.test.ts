import { beforeEach, describe, expect, it } from 'vitest';
import {
  bufferedPaths,
  clearBuffer,
  loadBuffer,
  storeBuffer,
} from '../../../src-renderer/state/unsaved-buffers';

// A Storage stand-in: the unit project runs in Node, without a DOM.
class MemoryStorage {
  private readonly map = new Map<string, string>();
  quota = Infinity;
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (v.length > this.quota) throw new Error('QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  (globalThis as { localStorage?: unknown }).localStorage = storage;
});

describe('unsaved buffers', () => {
  it('keeps a buffer per app and path until cleared', () => {
    expect(storeBuffer('app1', 'a.yaml', 'edited', 'base')).toBe(true);
    storeBuffer('app2', 'a.yaml', 'other', 'base');
    expect(loadBuffer('app1', 'a.yaml')).toMatchObject({ content: 'edited', base: 'base' });
    expect(bufferedPaths('app1')).toEqual(['a.yaml']);
    clearBuffer('app1', 'a.yaml');
    expect(loadBuffer('app1', 'a.yaml')).toBeNull();
    expect(loadBuffer('app2', 'a.yaml')?.content).toBe('other');
  });

  it('ignores corrupt entries and survives a full storage', () => {
    storage.setItem('gitops-desktop.buffer:app1:x.yaml', '{not json');
    expect(loadBuffer('app1', 'x.yaml')).toBeNull();
    storage.quota = 10;
    expect(storeBuffer('app1', 'big.yaml', 'x'.repeat(100), '')).toBe(false);
  });
});
