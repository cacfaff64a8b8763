import { createHash } from 'node:crypto';
import type { KubeObject } from '../cluster/kube-object';

export type DryRunOutcome = { ok: true; object: KubeObject } | { ok: false; message: string; code: string };

/**
 * Server-side dry runs are the expensive part of a comparison. A success (as far as the comparison
 * reads it: everything but status and bookkeeping) only changes when the desired body or the live
 * object's content changes, so (context, body hash, live content hash) is a complete key and a
 * watch event re-compares only the object it is about.
 *
 * A failure depends on more than that: whether the namespace exists, whether a CRD is installed,
 * permissions, webhooks, time. Those are not in the key, so a failure is only remembered briefly
 * (to coalesce a burst of re-comparisons) and forgotten as soon as this app changes the cluster:
 * a verdict like `namespaces "x" not found` is never replayed after the namespace was created.
 */
export class DryRunCache {
  private readonly entries = new Map<string, DryRunOutcome>();
  private readonly failures = new Map<string, { outcome: DryRunOutcome; until: number }>();

  constructor(
    private readonly maxEntries = 5000,
    private readonly failureTtlMs = 2000,
    private readonly now: () => number = Date.now,
  ) {}

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
      return hit;
    }
    const failure = this.failures.get(key);
    if (!failure) return undefined;
    if (failure.until > this.now()) return failure.outcome;
    this.failures.delete(key);
    return undefined;
  }

  set(key: string, outcome: DryRunOutcome): void {
    if (!outcome.ok) {
      // Failures that may be transient (timeouts, unreachable) are not worth remembering at all.
      if (outcome.code === 'timeout' || outcome.code === 'unreachable') return;
      this.failures.set(key, { outcome, until: this.now() + this.failureTtlMs });
      while (this.failures.size > this.maxEntries) this.failures.delete(this.failures.keys().next().value!);
      return;
    }
    this.failures.delete(key);
    this.entries.set(key, outcome);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  /** The cluster changed (a sync applied or deleted something): no failure is replayed after it. */
  forgetFailures(): void {
    this.failures.clear();
  }

  clear(): void {
    this.entries.clear();
    this.failures.clear();
  }
}
