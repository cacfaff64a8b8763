import type {
  AppSettings,
  SyncItemResult,
  SyncOptions,
  SyncRun,
  SyncWaveProgress,
} from '../../../src-shared/model';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import type { KubeObject } from '../cluster/kube-object';
import { assessHealth } from '../health/assess-health';
import { mapLimit } from '../map-limit';
import type { HealthResult } from '../health/health-types';
import { ApplyLimiter, isThrottled } from './apply-limiter';
import { conflictOf, describeConflict } from './field-managers';
import { rulesFor, stripIgnoredForApply } from '../ignore/ignore-rules';
import { healthOf, nextLook, watchScopes } from './health-looks';
import { HookRunner } from './hook-runner';
import { applySteps, isFoundation } from './sync-order';
import { deleteForRecreate } from './recreate';
import type { PlannedItem } from './sync-planner';
import { pruneItems } from './sync-prune';
import { failureText, finishedRun, itemResult } from './sync-run-result';
import { fieldManager, withTracking } from './tracking';

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

/** Health reads at once when objects are not in the watch cache (each then costs a GET). */
const healthLookConcurrency = 16;

/** How long the API server may stay unreachable before a health wait is given up. */
const unreachableGraceMs = 15_000;

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
      if (isLast) {
        // Except for Sync hooks: like Argo CD, the run is not over until they are complete.
        const hooks = applies.filter((p) => p.hook && this.waveOf(p) === step.wave);
        if (hooks.length > 0 && !(await this.waitHealthy(hooks, this.input.waveTimeoutMs, step.wave)))
          stopReason = `A Sync hook of wave ${step.wave} did not complete`;
        break;
      }
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
    await this.hooks.settleSyncHooks(
      applies.filter((p) => p.hook),
      (id) => this.results.get(id),
    );
    for (const p of applies) {
      if (this.results.get(p.id)?.phase === 'pending')
        this.set(p, 'skipped', signal.aborted ? 'Cancelled' : stopReason);
    }
    // A prune often has a successor (a rename, a move to another namespace): while anything failed
    // to apply, deleting would leave neither the old object nor the new one.
    const applyFailures = applies.filter((p) => this.results.get(p.id)?.phase === 'failed').length;
    const pruneHeld =
      applyFailures > 0
        ? `Not deleted: ${applyFailures} resource${applyFailures > 1 ? 's' : ''} failed to apply, and a prune runs only once every apply succeeded`
        : undefined;
    if (!signal.aborted && !stopReason && !pruneHeld)
      await pruneItems(this.input.conn, this.input.app.id, prunes, signal, (p, ph, m) => this.set(p, ph, m));
    if (!signal.aborted && !stopReason && postSync.length > 0)
      stopReason = await this.postSync(applies, postSync);
    for (const p of [...prunes, ...preSync, ...postSync]) {
      if (this.results.get(p.id)?.phase === 'pending')
        this.set(
          p,
          'skipped',
          signal.aborted ? 'Cancelled' : (stopReason ?? (p.action === 'prune' ? pruneHeld : undefined)),
        );
    }
    const failed = stopReason || [...this.results.values()].some((r) => r.phase === 'failed');
    if (failed && !signal.aborted) await this.syncFail(hooksOf('SyncFail'));
    // What is healthy already is marked so at once (ConfigMaps, Services...); the rest is followed.
    await this.markHealthy(applies);
    return finishedRun(
      run,
      this.input.plan.filter((p) => this.results.has(p.id)).map((p) => this.results.get(p.id)!),
      { aborted: signal.aborted, stopReason, hookFailure: this.hookFailure },
    );
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
      if (item.recreate?.chosen) await deleteForRecreate(conn, info, item.key, app.id, this.input.signal);
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
      this.set(
        item,
        'applied',
        note ??
          (item.recreate?.chosen
            ? 'Deleted and created again'
            : item.force && item.conflict
              ? item.message
              : undefined),
      );
    } catch (err) {
      if (isThrottled(err)) {
        this.set(item, 'pending', 'The server asked to slow down; retrying');
        throw err;
      }
      this.set(item, 'failed', failureText(err, item));
    }
  }

  /** One look, no waiting: applied objects that are healthy already are marked so. */
  private async markHealthy(items: PlannedItem[]): Promise<void> {
    for (const p of items) {
      if (this.results.get(p.id)?.phase !== 'applied') continue;
      const h = await healthOf(
        this.input.conn,
        p,
        this.hookNames.get(p.id) ?? p.key.name,
        this.input.signal,
      ).catch((): HealthResult => ({ status: 'Unknown' }));
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
    await watchScopes(this.input.conn, [...pending]);
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
        h: await healthOf(this.input.conn, p, this.hookNames.get(p.id) ?? p.key.name, this.input.signal),
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
      await nextLook(this.input.conn, signal);
    }
    const ok = allHealthy && !items.some((p) => this.results.get(p.id)?.phase === 'failed');
    if (wave !== undefined) this.input.wave?.({ wave, phase: ok ? 'healthy' : 'unhealthy' });
    return ok;
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
}
