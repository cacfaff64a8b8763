import { ApiFailure } from '../../../src-shared/errors';
import type {
  AppSettings,
  SyncItemResult,
  SyncOptions,
  SyncRun,
  SyncWaveProgress,
} from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import type { KubeObject } from '../cluster/kube-object';
import { isRejection, rejectionText } from '../compare/rejection';
import { isSecret, scrub, secretValues } from '../compare/secret-mask';
import { assessHealth } from '../health/assess-health';
import { mapLimit } from '../map-limit';
import type { HealthResult } from '../health/health-types';
import { ApplyLimiter, isThrottled } from './apply-limiter';
import { conflictOf, describeConflict } from './field-managers';
import { rulesFor, stripIgnoredForApply } from '../ignore/ignore-rules';
import { HookRunner } from './hook-runner';
import { applySteps, isFoundation } from './sync-order';
import type { PlannedItem } from './sync-planner';
import { fieldManager, isTrackedBy, withTracking } from './tracking';

export interface SyncRunInput {
  run: SyncRun;
  conn: ClusterConnection;
  app: AppSettings;
  options: SyncOptions;
  plan: PlannedItem[];
  signal: AbortSignal;
  progress(item: SyncItemResult): void;
  wave?(progress: Omit<SyncWaveProgress, 'appId' | 'syncId'>): void;
  /** How long a wave may take to become healthy before later waves are given up. */
  waveTimeoutMs: number;
  /** How long health is followed after the run, before `healthyAt` is given up. */
  finalWaitMs: number;
  concurrency?: number;
}

const settled = (h: HealthResult) => h.status === 'Healthy' || h.status === 'Suspended';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Health reads at once when objects are not in the watch cache (each then costs a GET). */
const healthLookConcurrency = 16;

/** How long the API server may stay unreachable before a health wait is given up. */
const unreachableGraceMs = 15_000;

function messageOf(err: unknown, item: PlannedItem): string {
  const message = err instanceof Error ? err.message : String(err);
  // Server messages may echo what was sent; for a Secret that would be its values.
  const body = item.resource?.body;
  return body && isSecret(item.key.group, item.key.kind) ? scrub(message, secretValues(body)) : message;
}

/** The server's "no" in the same words as the state and the plan; 500s from the manifest point at it. */
function failureText(err: unknown, item: PlannedItem): string {
  const message = messageOf(err, item);
  if (!(err instanceof ApiFailure)) return message;
  const dryRunError = { code: err.code, message };
  if (!isRejection(dryRunError)) return message;
  return rejectionText({ dryRunError, ...(item.resource ? { source: item.resource.source } : {}) });
}

/** A plan item's line in a run: its wave, source file and phase. */
export function itemResult(
  item: PlannedItem,
  phase: SyncItemResult['phase'],
  message?: string,
): SyncItemResult {
  const file = item.resource?.source.file;
  return {
    id: item.id,
    key: item.key,
    action: item.action,
    phase,
    wave: item.effectiveWave ?? item.wave,
    ...(file !== undefined ? { file } : {}),
    ...(message ? { message } : {}),
    ...(item.hook && item.hook.phase !== 'Skip' ? { hook: item.hook.phase } : {}),
  };
}

/**
 * Runs a plan with Argo CD's operation semantics: waves in order, each wave's Namespaces and CRDs
 * first, the rest of the wave at once (concurrency that follows the server's 429s), health waited
 * for between waves; the run is over when the server has accepted the last wave, then prunes.
 * Health of the last wave goes on after that (`followHealth`), recorded as `healthyAt`.
 * One resource's failure never stops unrelated ones; a wave that does not become healthy stops
 * the later waves (their resources depend on it by design).
 */
export class SyncRunner {
  private readonly results = new Map<string, SyncItemResult>();
  /** What the server answered to each apply: a barrier object may already be ready in it. */
  private readonly accepted = new Map<string, KubeObject>();
  private readonly limiter: ApplyLimiter;
  /** Why a health wait was given up: the server stayed unreachable (its message). */
  private unreachable: string | undefined;
  /** The name each hook was created under (the server names `generateName` hooks). */
  private readonly hookNames = new Map<string, string>();
  private readonly hooks: HookRunner;
  /** Why a hook phase failed: the run's message, not a count of failed items. */
  private hookFailure: string | undefined;

  constructor(private readonly input: SyncRunInput) {
    this.limiter = new ApplyLimiter(input.concurrency ?? 16);
    this.hooks = new HookRunner({
      conn: input.conn,
      app: input.app,
      revision: input.run.revision,
      signal: input.signal,
      timeoutMs: input.waveTimeoutMs,
      set: (item, phase, message) => this.set(item, phase, message),
      names: this.hookNames,
      failureText,
    });
  }

  private set(item: PlannedItem, phase: SyncItemResult['phase'], message?: string): void {
    const result = itemResult(item, phase, message);
    this.results.set(item.id, result);
    this.input.progress(result);
  }

  async run(): Promise<SyncRun> {
    const { plan, signal, run } = this.input;
    const applies = plan.filter((p) => p.apply);
    const prunes = plan.filter((p) => p.action === 'prune');
    const hooksOf = (phase: string) => plan.filter((p) => p.hook?.phase === phase && p.action !== 'error');
    const [preSync, postSync] = [hooksOf('PreSync'), hooksOf('PostSync')];
    for (const p of [...preSync, ...applies, ...prunes, ...postSync]) this.set(p, 'pending');
    let stopReason = await this.beforeWaves(applies, preSync);
    const steps = stopReason ? [] : applySteps(applies.filter((p) => !p.beforeHooks));
    for (let i = 0; i < steps.length && !stopReason && !signal.aborted; i++) {
      const step = steps[i]!;
      const firstOfWave = steps[i - 1]?.wave !== step.wave;
      if (firstOfWave) this.input.wave?.({ wave: step.wave, phase: 'applying' });
      await this.applyAll(step.items);
      if (step.items.some((p) => p.defines)) this.input.conn.discovery.invalidate();
      const lastOfWave = steps[i + 1]?.wave !== step.wave;
      const isLast = i === steps.length - 1;
      // Barriers: a wave's Namespaces and CRDs before the rest of it; a wave before the next one.
      // After the last wave nothing waits: its health goes on in the live view.
      if (isLast) break;
      const foundation = !lastOfWave;
      // Namespaces (and CRDs already served) are ready in the apply's answer: no watch, no poll.
      if (foundation && this.readyAsAccepted(step.items)) continue;
      const waveItems = foundation ? step.items : applies.filter((p) => this.waveOf(p) === step.wave);
      const ok = await this.waitHealthy(
        waveItems,
        this.input.waveTimeoutMs,
        foundation ? undefined : step.wave,
      );
      if (!ok)
        stopReason = this.unreachable
          ? `The API server went away while wave ${step.wave} was becoming healthy (${this.unreachable}); later waves were not applied`
          : `Wave ${step.wave} did not become healthy; later waves were not applied`;
    }
    for (const p of applies) {
      if (this.results.get(p.id)?.phase === 'pending')
        this.set(p, 'skipped', signal.aborted ? 'Cancelled' : stopReason);
    }
    if (!signal.aborted && !stopReason) await this.prune(prunes);
    if (!signal.aborted && !stopReason && postSync.length > 0)
      stopReason = await this.postSync(applies, postSync);
    for (const p of [...prunes, ...preSync, ...postSync]) {
      if (this.results.get(p.id)?.phase === 'pending')
        this.set(p, 'skipped', signal.aborted ? 'Cancelled' : stopReason);
    }
    const failed = stopReason || [...this.results.values()].some((r) => r.phase === 'failed');
    if (failed && !signal.aborted) await this.syncFail(hooksOf('SyncFail'));
    // What is healthy already is marked so at once (ConfigMaps, Services...); the rest is followed.
    await this.markHealthy(applies);
    return this.finish(run, stopReason);
  }

  /**
   * Before the first wave: the Namespaces and CRDs PreSync hooks need, then the PreSync hooks,
   * each waited for until complete. Returns why nothing else may be applied, if so.
   */
  private async beforeWaves(applies: PlannedItem[], preSync: PlannedItem[]): Promise<string | undefined> {
    const first = applies.filter((p) => p.beforeHooks);
    if (first.length > 0) {
      await this.applyAll(first);
      if (first.some((p) => p.defines)) this.input.conn.discovery.invalidate();
      const ready = this.readyAsAccepted(first) || (await this.waitHealthy(first, this.input.waveTimeoutMs));
      if (!ready) return 'What the PreSync hooks need did not become ready; nothing else was applied';
    }
    if (preSync.length === 0 || this.input.signal.aborted) return undefined;
    const failure = await this.hooks.runPhase(preSync, 'PreSync');
    if (failure) this.hookFailure = `${failure}; nothing else was applied`;
    return this.hookFailure;
  }

  /** Once every wave is applied and healthy (Argo CD's rule), the PostSync hooks run. */
  private async postSync(applies: PlannedItem[], postSync: PlannedItem[]): Promise<string | undefined> {
    const last = Math.max(0, ...applies.map((p) => this.waveOf(p)));
    const healthy = await this.waitHealthy(applies, this.input.waveTimeoutMs, last);
    if (this.input.signal.aborted) return undefined;
    if (!healthy) return 'Not everything became healthy; the PostSync hooks were not run';
    const failure = await this.hooks.runPhase(postSync, 'PostSync');
    if (failure) this.hookFailure = failure;
    return failure;
  }

  /** A failed sync runs its SyncFail hooks; their own failure changes nothing more (best effort). */
  private async syncFail(hooks: PlannedItem[]): Promise<void> {
    if (hooks.length === 0) return;
    for (const p of hooks) this.set(p, 'pending');
    await this.hooks.runPhase(hooks, 'SyncFail').catch(() => undefined);
  }

  /** Every item of the step was accepted and its answer is healthy already; marks them so. */
  private readyAsAccepted(items: PlannedItem[]): boolean {
    const ready = items.every((p) => {
      const obj = this.accepted.get(p.id);
      return obj !== undefined && settled(assessHealth(p.key.group, p.key.kind, obj));
    });
    if (ready) {
      for (const p of items) this.set(p, 'healthy', this.results.get(p.id)?.message);
    }
    return ready;
  }

  private waveOf(p: PlannedItem): number {
    return p.effectiveWave ?? p.wave;
  }

  private finish(run: SyncRun, stopReason: string | undefined): SyncRun {
    const { plan, signal } = this.input;
    const items = plan.filter((p) => this.results.has(p.id)).map((p) => this.results.get(p.id)!);
    const failed = items.filter((i) => i.phase === 'failed');
    const deleted = items.filter((i) => i.phase === 'pruned').map((i) => ({ id: i.id, key: i.key }));
    const applied = items.filter((i) => i.phase === 'applied' || i.phase === 'healthy').length;
    const phase = signal.aborted ? 'Cancelled' : failed.length > 0 || stopReason ? 'Failed' : 'Succeeded';
    const deletedText = deleted.length
      ? `; deleted ${deleted.length}: ${deleted
          .slice(0, 5)
          .map((d) => describeKey(d.key))
          .join(', ')}${deleted.length > 5 ? ', …' : ''}`
      : '';
    const message = signal.aborted
      ? 'Cancelled before the next resource'
      : failed.length > 0
        ? (this.hookFailure ?? `${failed.length} of ${items.length} resources failed${deletedText}`)
        : (stopReason ?? `${applied} applied${deletedText}`);
    return {
      ...run,
      items,
      phase,
      message,
      ...(deleted.length ? { deleted } : {}),
      finishedAt: new Date().toISOString(),
    };
  }

  private async applyAll(items: PlannedItem[]): Promise<void> {
    await Promise.all(
      items.map((item) =>
        this.input.signal.aborted
          ? undefined
          : this.limiter
              .run(() => this.applyOne(item))
              .catch((err: unknown) => this.set(item, 'failed', failureText(err, item))),
      ),
    );
  }

  private async infoFor(item: PlannedItem): Promise<ApiResource> {
    const { conn } = this.input;
    if (item.resource?.info) return item.resource.info;
    const version = item.resource?.apiVersion.split('/').pop();
    return conn.discovery.require(item.key.group, item.key.kind, version ?? 'v1');
  }

  /** Applies one object. Throttling (429) is rethrown for the limiter to retry; the rest is reported. */
  private async applyOne(item: PlannedItem): Promise<void> {
    const { conn, app, options, run } = this.input;
    if (this.input.signal.aborted) return;
    this.set(item, 'applying');
    let note: string | undefined;
    try {
      const info = await this.infoFor(item);
      if (item.hook) {
        await this.hooks.create(item, info);
        this.set(
          item,
          'applied',
          item.hook.generated ? `Created as ${this.hookNames.get(item.id)}` : 'Created',
        );
        return;
      }
      const body: KubeObject = item.autoNamespace
        ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: item.key.name } }
        : stripIgnoredForApply(
            withTracking(item.resource!.body, app.id, item.key, run.revision),
            item.resource!.live,
            rulesFor(app.ignoreDifferences, item.key),
          );
      const apply = (force: boolean) =>
        conn.client.apply(info, item.key.namespace, item.key.name, body, {
          fieldManager,
          force,
          signal: this.input.signal,
        });
      let applied: KubeObject;
      try {
        applied = await apply(options.force || item.force === true);
      } catch (err) {
        // A person changed a field since the plan (kubectl scale/edit): a manual sync takes it back.
        const conflict = conflictOf(err);
        const verdict = conflict && describeConflict(conflict, options.respectManagers === true);
        if (!verdict?.outOfBand || options.respectManagers || this.input.run.trigger === 'auto-sync')
          throw err;
        applied = await apply(true);
        note = verdict.message;
      }
      conn.live.remember(info, applied);
      if (isFoundation(item)) this.accepted.set(item.id, applied);
      this.set(item, 'applied', note ?? (item.force && item.conflict ? item.message : undefined));
    } catch (err) {
      if (isThrottled(err)) {
        this.set(item, 'pending', 'The server asked to slow down; retrying');
        throw err;
      }
      this.set(item, 'failed', failureText(err, item));
    }
  }

  private async health(item: PlannedItem): Promise<HealthResult> {
    const { conn } = this.input;
    const info = item.resource?.info ?? (await conn.discovery.find(item.key.group, item.key.kind));
    if (!info) return { status: 'Unknown' };
    const name = this.hookNames.get(item.id) ?? item.key.name;
    let live = conn.live.get(info, item.key.namespace, name);
    if (!live || conn.live.error(info, item.key.namespace))
      live = await conn.client.get(info, item.key.namespace, name, this.input.signal).catch(() => live);
    return assessHealth(item.key.group, item.key.kind, live);
  }

  /**
   * Health is read from the watch caches; without a watch for a (type, namespace) every poll would
   * GET each object again. Scopes that cannot be watched fall back to GETs in health().
   */
  private async watchScopes(items: PlannedItem[]): Promise<void> {
    const { conn } = this.input;
    const scopes = new Map<string, { info: ApiResource; namespace: string }>();
    for (const item of items) {
      const info =
        item.resource?.info ??
        (await conn.discovery.find(item.key.group, item.key.kind).catch(() => undefined));
      if (info)
        scopes.set(`${info.group}/${info.resource}/${item.key.namespace}`, {
          info,
          namespace: item.key.namespace,
        });
    }
    await Promise.all(
      [...scopes.values()].map((s) => conn.live.ensure(s.info, s.namespace).catch(() => undefined)),
    );
  }

  /** One look, no waiting: applied objects that are healthy already are marked so. */
  private async markHealthy(items: PlannedItem[]): Promise<void> {
    for (const p of items) {
      if (this.results.get(p.id)?.phase !== 'applied') continue;
      const h = await this.health(p).catch((): HealthResult => ({ status: 'Unknown' }));
      if (settled(h)) this.set(p, 'healthy', this.results.get(p.id)?.message);
    }
  }

  /**
   * Waits until every applied item is Healthy (or Suspended) or Degraded; false when not all are
   * healthy. With a wave number, reports "waiting for health (12 s of 60 s)" about once a second.
   */
  private async waitHealthy(
    items: PlannedItem[],
    timeoutMs: number,
    wave?: number,
    signal: AbortSignal = this.input.signal,
  ): Promise<boolean> {
    const started = Date.now();
    const deadline = started + timeoutMs;
    const pending = new Set(items.filter((p) => this.results.get(p.id)?.phase === 'applied'));
    await this.watchScopes([...pending]);
    let allHealthy = true;
    let lastReport = 0;
    let downSince: number | undefined;
    while (pending.size > 0 && !signal.aborted) {
      // A server that stays away cannot make anything healthy: waiting out the timeout would only
      // keep the run open against a dead server. A short outage (a restart) is waited through.
      const { health } = this.input.conn;
      downSince = health.down ? (downSince ?? Date.now()) : undefined;
      if (downSince !== undefined && Date.now() - downSince >= unreachableGraceMs) {
        this.unreachable = health.state.message ?? 'Cannot reach the API server';
        for (const p of pending) this.set(p, 'applied', `Health unknown: ${this.unreachable}`);
        if (wave !== undefined)
          this.input.wave?.({ wave, phase: 'unhealthy', waitedMs: Date.now() - started, timeoutMs });
        return false;
      }
      // Side by side: an object the watch cache does not hold (yet) is read with a GET, and one
      // after the other those would make each look as slow as the number of objects waited for.
      const looks = await mapLimit([...pending], healthLookConcurrency, async (p) => ({
        p,
        h: await this.health(p),
      }));
      for (const { p, h } of looks) {
        if (settled(h)) {
          this.set(p, 'healthy', this.results.get(p.id)?.message);
          pending.delete(p);
        } else if (h.status === 'Degraded') {
          this.set(p, 'applied', `Degraded: ${h.reason ?? 'unhealthy'}`);
          pending.delete(p);
          allHealthy = false;
        }
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) {
        for (const p of pending)
          this.set(p, 'applied', `Not healthy after ${Math.round(timeoutMs / 1000)} s`);
        if (wave !== undefined)
          this.input.wave?.({ wave, phase: 'unhealthy', waitedMs: timeoutMs, timeoutMs });
        return false;
      }
      if (wave !== undefined && Date.now() - lastReport >= 1000) {
        lastReport = Date.now();
        this.input.wave?.({ wave, phase: 'waiting', waitedMs: Date.now() - started, timeoutMs });
      }
      await this.nextLook(signal);
    }
    const ok = allHealthy && !items.some((p) => this.results.get(p.id)?.phase === 'failed');
    if (wave !== undefined) this.input.wave?.({ wave, phase: ok ? 'healthy' : 'unhealthy' });
    return ok;
  }

  /**
   * Until the next look at health: the next watch event (a rollout finishing is seen at once, as
   * `kubectl rollout status` sees it), at most 250 ms (scopes without a watch are read by GET),
   * and at least 20 ms after the last look, so a burst of events costs one look, not hundreds.
   */
  private async nextLook(signal: AbortSignal): Promise<void> {
    await sleep(20);
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, 230);
      const off = this.input.conn.live.onChange(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /**
   * After the run: follows the applied objects until all are healthy. Returns the run with
   * `healthyAt` (or `healthMessage` when they did not all get there). Cancelled by `signal`
   * (a new sync of the app, or shutdown).
   */
  async followHealth(finished: SyncRun, signal: AbortSignal): Promise<SyncRun | undefined> {
    const applies = this.input.plan.filter((p) => p.apply);
    const ok = await this.waitHealthy(applies, this.input.finalWaitMs, undefined, signal);
    if (signal.aborted) return undefined;
    const items = finished.items.map((i) => this.results.get(i.id) ?? i);
    if (ok) return { ...finished, items, healthyAt: new Date().toISOString() };
    const unhealthy = items.filter((i) => i.phase === 'applied').length;
    return {
      ...finished,
      items,
      healthMessage: `${unhealthy} of ${applies.length} resources not healthy after ${Math.round(this.input.finalWaitMs / 1000)} s`,
    };
  }

  private async prune(items: PlannedItem[]): Promise<void> {
    const { conn, app } = this.input;
    for (const item of items) {
      if (this.input.signal.aborted) return;
      const e = item.prune!;
      this.set(item, 'applying');
      try {
        // Re-read: only an object that still carries our mark for itself is ever deleted.
        const live = await conn.client.get(e.info, e.key.namespace, e.key.name, this.input.signal);
        if (!live) {
          this.set(item, 'pruned', 'Already gone');
          continue;
        }
        if (!isTrackedBy(live, app.id, e.key)) {
          this.set(item, 'skipped', "No longer carries this app's tracking mark: left alone");
          continue;
        }
        await conn.client.delete(e.info, e.key.namespace, e.key.name, 'Foreground', false, this.input.signal);
        this.set(item, 'pruned', 'Deleted');
      } catch (err) {
        this.set(item, 'failed', err instanceof ApiFailure ? err.message : String(err));
      }
    }
  }
}
