import type { IgnoreRule, SyncStatus } from '../../../src-shared/model';
import type { ApiResource } from '../cluster/discovery';
import type { KubeObject } from '../cluster/kube-object';

export interface Verdict {
  dryRun: KubeObject;
  sync: SyncStatus;
  syncReason?: string;
}

interface Entry {
  body: unknown;
  info: ApiResource | undefined;
  live: KubeObject | undefined;
  rules: string;
  verdict: Verdict;
}

/**
 * The last successful comparison of each resource, reused while its inputs are the very same
 * objects: the parsed manifest (manifest caches hand out the same object while the file is
 * unchanged), the live object (the watch cache replaces it on every change) and the ignore rules.
 * A re-comparison after a save or a watch event then costs nothing for the resources it is not
 * about: no tracking copy, no hashing, no cache lookup, no normalisation.
 * Failed dry runs are never reused here: whether to trust them again is the dry-run cache's call.
 */
export class ComparisonReuse {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries: number) {}

  get(
    key: string,
    d: { body: unknown; info?: ApiResource },
    live: KubeObject | undefined,
    rules: IgnoreRule[],
  ): Verdict | undefined {
    const e = this.entries.get(key);
    if (!e || e.body !== d.body || e.live !== live || e.info !== d.info) return undefined;
    if (e.rules !== rulesKey(rules)) return undefined;
    return e.verdict;
  }

  set(
    key: string,
    d: { body: unknown; info?: ApiResource },
    live: KubeObject | undefined,
    rules: IgnoreRule[],
    verdict: Verdict,
  ): void {
    this.entries.delete(key);
    this.entries.set(key, { body: d.body, info: d.info, live, rules: rulesKey(rules), verdict });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

function rulesKey(rules: IgnoreRule[]): string {
  return rules.length === 0 ? '' : JSON.stringify(rules);
}
