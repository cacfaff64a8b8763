import { createHash } from 'node:crypto';
import type { KubeObject } from '../cluster/kube-object';

export type DryRunOutcome = { ok: true; object: KubeObject } | { ok: false; message: string; code: string };

/**
 * Server-side dry runs are the expensive part of a comparison. Their answer (as far as the
 * comparison reads it: everything but status and bookkeeping) only changes when the desired body
 * or the live object's content changes, so (context, body hash, live content hash) is a complete
 * key and a watch event re-compares only the object it is about.
 */
export class DryRunCache {
  private readonly entries = new Map<string, DryRunOutcome>();

  constructor(private readonly maxEntries = 5000) {}

  static bodyHash(body: unknown): string {
    return createHash('sha256').update(JSON.stringify(body)).digest('hex');
  }

  key(context: string, bodyHash: string, liveHash: string | undefined): string {
    return `${context}\u0000${bodyHash}\u0000${liveHash ?? '-'}`;
  }

  get(key: string): DryRunOutcome | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // Re-insert so eviction drops the least recently used entry.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, outcome: DryRunOutcome): void {
    // Failures that may be transient (timeouts, unreachable) are not worth remembering.
    if (!outcome.ok && (outcome.code === 'timeout' || outcome.code === 'unreachable')) return;
    this.entries.set(key, outcome);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
