import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, ResourceKey, SourceRef, SyncStatus } from '../../../src-shared/model';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import type { KubeObject } from '../cluster/kube-object';
import { rulesFor, withoutIgnored } from '../ignore/ignore-rules';
import type { DesiredObject } from '../manifests/types';
import { ApplyLimiter } from '../sync/apply-limiter';
import { fieldManager, withTracking } from '../sync/tracking';
import { mapLimit } from '../map-limit';
import { ComparisonReuse } from './comparison-reuse';
import { resolveDesired } from './resolve-desired';
import { DryRunCache, type DryRunOutcome } from './dry-run-cache';
import { predictedApply } from './unchanged-by-apply';
import { predictedValueEdit } from './predicted-edit';
import { admissionMayIntervene } from './admission-hooks';
import { normalise } from './normalise';
import { isRejection, rejectionText } from './rejection';
import { compareObjects } from './resource-diff';
import { secretValues, scrub } from './secret-mask';

export interface DesiredResource {
  id: string;
  /** Namespace filled in: the app's for namespaced kinds written without one, '' for cluster-scoped. */
  key: ResourceKey;
  apiVersion: string;
  body: KubeObject;
  source: SourceRef;
  wave: number;
  info?: ApiResource;
  /** Why the kind cannot be resolved (not served and no CRD for it in the app). */
  resolveError?: string;
  /** For a CRD: the custom kind it defines. */
  defines?: { group: string; kind: string };
}

export interface ComparedResource extends DesiredResource {
  live?: KubeObject;
  liveError?: string;
  dryRun?: KubeObject;
  dryRunError?: { code: string; message: string };
  sync: SyncStatus;
  syncReason?: string;
}

export interface ExtraneousResource {
  id: string;
  key: ResourceKey;
  apiVersion: string;
  info: ApiResource;
  live: KubeObject;
  /** Argo CD's `compare-options: IgnoreExtraneous`: shown, but not counted in the app's status. */
  ignoreExtraneous?: boolean;
}

export interface CompareOptions {
  /** For a sync about to run: objects not in the cluster are not dry-run first (the apply is the check). */
  skipMissingDryRun?: boolean;
}

export interface Scope {
  info: ApiResource;
  namespace: string;
}

export function scopeKey(s: Scope): string {
  return `${s.info.group}/${s.info.resource}/${s.info.namespaced ? s.namespace : ''}`;
}

/** Desired objects against live ones: what the cluster has, and what applying git would change. */
export class AppComparer {
  private readonly reuse: ComparisonReuse;
  /**
   * Dry runs in flight per connection follow the server as a sync's applies do: halved on a 429
   * (and retried, so a busy server slows a comparison down instead of making it Unknown), grown
   * back on success.
   */
  private readonly limiters = new WeakMap<ClusterConnection, ApplyLimiter>();

  constructor(
    private readonly dryRuns: DryRunCache,
    private readonly concurrency = 16,
    maxReused = 20000,
  ) {
    this.reuse = new ComparisonReuse(maxReused);
  }

  clearCache(): void {
    this.dryRuns.clear();
    this.reuse.clear();
  }

  /** After this app changed the cluster: dry-run failures are asked again, never replayed. */
  forgetFailures(): void {
    this.dryRuns.forgetFailures();
  }

  async resolve(
    conn: ClusterConnection,
    app: AppSettings,
    objects: DesiredObject[],
  ): Promise<DesiredResource[]> {
    return resolveDesired(conn, app, objects);
  }

  /** Starts (or reuses) the watches for these scopes and waits for their first lists. */
  async watch(conn: ClusterConnection, scopes: Scope[]): Promise<void> {
    const unique = new Map(scopes.map((s) => [scopeKey(s), s]));
    await Promise.all([...unique.values()].map((s) => conn.live.ensure(s.info, s.namespace)));
  }

  async compare(
    conn: ClusterConnection,
    app: AppSettings,
    desired: DesiredResource[],
    opts: CompareOptions = {},
  ): Promise<ComparedResource[]> {
    await this.watch(
      conn,
      desired.filter((d) => d.info).map((d) => ({ info: d.info!, namespace: d.key.namespace })),
    );
    // Most resources are decided from the watch cache; the limiter paces the ones that ask.
    return mapLimit(desired, 64, (d) => this.compareOne(conn, app, d, opts));
  }

  async compareOne(
    conn: ClusterConnection,
    app: AppSettings,
    d: DesiredResource,
    opts: CompareOptions = {},
  ): Promise<ComparedResource> {
    if (!d.info) {
      return d.resolveError
        ? { ...d, sync: 'Unknown', syncReason: d.resolveError }
        : { ...d, sync: 'Missing', syncReason: 'Its CustomResourceDefinition is applied first' };
    }
    let live: KubeObject | undefined;
    try {
      live = await this.readLive(conn, d.info, d.key);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ...d, liveError: message, sync: 'Unknown', syncReason: message };
    }
    const base = { ...d, ...(live ? { live } : {}) };
    const rules = rulesFor(app.ignoreDifferences, d.key);
    const reuseKey = `${conn.context}\u0000${app.id}\u0000${d.id}`;
    const reused = this.reuse.get(reuseKey, d, live, rules);
    if (reused) return { ...base, ...reused };
    // Without asking when the apply's outcome is known: the live object itself (in sync), it with
    // this app's tracking marks instead of another app's, or with the values a save changed.
    const tracked = withTracking(d.body, app.id, d.key);
    const predicted = live
      ? (predictedApply(tracked, live) ?? (await this.predictedEdit(conn, d.info, tracked, live)))
      : undefined;
    if (predicted === live && live) {
      const verdict = { dryRun: live, sync: 'Synced' as const };
      this.reuse.set(reuseKey, d, live, rules, verdict);
      return { ...base, ...verdict };
    }
    // A sync creates what is missing anyway and the server answers then: no dry run before it.
    if (!live && opts.skipMissingDryRun) return { ...d, sync: 'Missing', syncReason: 'Not in the cluster' };
    const outcome: DryRunOutcome = predicted
      ? { ok: true, object: predicted }
      : await this.dryRun(conn, app, d, live);
    if (!outcome.ok) {
      const dryRunError = { code: outcome.code, message: outcome.message };
      // The server's "no" to the manifest itself is the state, with the same text as the plan.
      if (isRejection(dryRunError)) {
        const syncReason = rejectionText({ dryRunError, source: d.source });
        return { ...base, dryRunError, sync: live ? 'OutOfSync' : 'Missing', syncReason };
      }
      if (!live) return { ...base, dryRunError, sync: 'Missing', syncReason: 'Not in the cluster' };
      return { ...base, dryRunError, sync: 'Unknown', syncReason: outcome.message };
    }
    // Ignored fields (the app's ignore rules) leave both sides before they are compared.
    const sides = withoutIgnored(outcome.object, live, rules);
    const cmp = compareObjects(sides.desired, sides.live);
    const verdict = {
      dryRun: outcome.object,
      sync: cmp.sync,
      ...(cmp.reason ? { syncReason: cmp.reason } : {}),
    };
    this.reuse.set(reuseKey, d, live, rules, verdict);
    return { ...base, ...verdict };
  }

  /** A save that only changed values the server stores as written, where nothing may intervene. */
  private async predictedEdit(
    conn: ClusterConnection,
    info: ApiResource,
    desired: KubeObject,
    live: KubeObject,
  ): Promise<KubeObject | undefined> {
    const edited = predictedValueEdit(desired, live, info.group);
    return edited && !(await admissionMayIntervene(conn, info)) ? edited : undefined;
  }

  private async readLive(
    conn: ClusterConnection,
    info: ApiResource,
    key: ResourceKey,
  ): Promise<KubeObject | undefined> {
    // When the watch cannot list (RBAC allows get but not list/watch), read the object itself.
    if (conn.live.error(info, key.namespace)) return conn.client.get(info, key.namespace, key.name);
    return conn.live.get(info, key.namespace, key.name);
  }

  /** What applying this manifest now would produce, from the server; cached per body and live content. */
  async dryRun(
    conn: ClusterConnection,
    app: AppSettings,
    d: DesiredResource,
    live: KubeObject | undefined,
  ): Promise<DryRunOutcome> {
    const body = withTracking(d.body, app.id, d.key);
    // Keyed by the live object without its bookkeeping and status: a rollout's status updates
    // (dozens per Deployment) then reuse the answer, while any change to what was written re-asks.
    const cacheKey = this.dryRuns.key(
      conn.context,
      DryRunCache.bodyHash(body),
      live ? DryRunCache.bodyHash(normalise(live)) : undefined,
    );
    const hit = this.dryRuns.get(cacheKey);
    if (hit) return hit;
    let outcome: DryRunOutcome;
    try {
      // Forced: a field another manager took over (kubectl scale, an edit) must show as drift,
      // not as a conflict. Whether a real sync would conflict is the plan's question.
      const object = await this.limiterOf(conn).run(() =>
        conn.client.apply(d.info!, d.key.namespace, d.key.name, body, {
          dryRun: true,
          force: true,
          fieldManager,
        }),
      );
      // Kept without status and bookkeeping (managedFields above all): both the comparison and
      // the diff view normalise it anyway, and thousands of cached answers add up.
      outcome = { ok: true, object: normalise(object) };
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : new ApiFailure('internal', String(err));
      outcome = { ok: false, code: failure.code, message: scrub(failure.message, secretValues(d.body)) };
    }
    this.dryRuns.set(cacheKey, outcome);
    return outcome;
  }

  private limiterOf(conn: ClusterConnection): ApplyLimiter {
    let limiter = this.limiters.get(conn);
    if (!limiter) {
      limiter = new ApplyLimiter(this.concurrency, 32);
      this.limiters.set(conn, limiter);
    }
    return limiter;
  }
}
