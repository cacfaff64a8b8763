import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, PrunePolicy, SyncOptions, SyncPlan, SyncRun } from '../../../src-shared/model';
import { pruneConfirmed } from '../sync/prune-guard';
import type { PlannedItem } from '../sync/sync-planner';
import { SyncRunner } from '../sync/sync-runner';
import { itemResult } from '../sync/sync-run-result';
import type { SyncJournal } from '../sync/sync-journal';
import type { ControllerEvents, ControllerTimings } from './app-controller-deps';
import type { Evaluation } from './app-evaluator';
import { planWithVerdicts } from './app-sync-plan';

export type SyncTrigger = SyncRun['trigger'];

interface Running {
  syncId: string;
  abort: AbortController;
}

function withoutConfirm(options: SyncOptions): SyncOptions {
  const copy = { ...options };
  delete copy.confirm;
  return copy;
}

const failedRun = (run: SyncRun, message: string): SyncRun => ({
  ...run,
  phase: 'Failed',
  message,
  finishedAt: new Date().toISOString(),
});

/** Cancelled while comparing or planning: nothing was applied; what was planned is listed as skipped. */
const cancelledRun = (run: SyncRun, planned: PlannedItem[] = []): SyncRun => ({
  ...run,
  phase: 'Cancelled',
  message: 'Cancelled before anything was applied',
  items: planned
    .filter((p) => p.apply || p.action === 'prune')
    .map((p) => itemResult(p, 'skipped', 'Cancelled')),
  finishedAt: new Date().toISOString(),
});

/** The promise's value, or undefined as soon as `signal` aborts (the work itself goes on unobserved). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error);
      },
    );
  });
}

/**
 * One sync at a time per app: planning, running, cancelling and recording syncs. A run is over
 * when the server accepted its last wave; its health is followed afterwards (`healthyAt`), and a
 * new sync may start meanwhile (which stops following the previous one).
 */
export class SyncCoordinator {
  private readonly running = new Map<string, Running>();
  private readonly following = new Map<string, AbortController>();

  constructor(
    private readonly events: ControllerEvents,
    private readonly journal: SyncJournal,
    private readonly timings: ControllerTimings,
    /** Called after a sync changed the cluster: cached dry-run failures must not be replayed. */
    private readonly clusterChanged: () => void = () => undefined,
  ) {}

  isRunning(appId: string): boolean {
    return this.running.has(appId);
  }

  /** See planWithVerdicts (app-sync-plan.ts). */
  plan(
    ev: Evaluation,
    options: SyncOptions,
    signal?: AbortSignal,
  ): Promise<{ plan: SyncPlan; items: PlannedItem[]; prune: PrunePolicy }> {
    return planWithVerdicts(ev, options, signal);
  }

  /**
   * Claims the app synchronously (so two quick calls cannot both start), then runs `prepare` and
   * the sync in the background. Resolves with the sync id at once.
   */
  start(
    app: AppSettings,
    options: SyncOptions,
    trigger: SyncTrigger,
    prepare: () => Promise<Evaluation>,
    after: (run: SyncRun) => void,
  ): string {
    if (this.running.has(app.id))
      throw new ApiFailure(
        'busy',
        `A sync of "${app.name}" is already running. Wait for it to finish or cancel it.`,
      );
    const syncId = randomUUID();
    const abort = new AbortController();
    this.running.set(app.id, { syncId, abort });
    this.following.get(app.id)?.abort();
    this.following.delete(app.id);
    const run: SyncRun = {
      id: syncId,
      appId: app.id,
      revision: '',
      // What was typed to confirm is not worth keeping in the history.
      options: withoutConfirm(options),
      startedAt: new Date().toISOString(),
      phase: 'Running',
      items: [],
      trigger,
    };
    void this.journal.begin(run).catch(() => undefined);
    void (async () => {
      let finished: SyncRun;
      let runner: SyncRunner | undefined;
      try {
        // A cancel while comparing or planning ends the run at once: nothing has been applied yet.
        const ev = await unlessAborted(prepare(), abort.signal);
        if (ev) run.revision = ev.revision ?? '';
        if (!ev) finished = cancelledRun(run);
        else if (!ev.conn || ev.connection.status !== 'connected')
          finished = failedRun(run, ev.connection.message ?? 'Not connected to the cluster');
        else if (!ev.revision)
          finished = failedRun(run, ev.problems[0]?.message ?? 'Nothing committed to sync');
        else ({ finished, runner } = await this.execute(app, run, options, trigger, ev, abort.signal));
      } catch (err) {
        finished = failedRun(run, err instanceof Error ? err.message : String(err));
      }
      this.running.delete(app.id);
      await this.record(app, finished);
      this.events.emit('sync.finished', finished);
      after(finished);
      if (runner && finished.phase !== 'Cancelled') void this.follow(app, runner, finished);
    })();
    return syncId;
  }

  /** Plans against the server, checks the prune confirmation, then runs the plan. */
  private async execute(
    app: AppSettings,
    run: SyncRun,
    options: SyncOptions,
    trigger: SyncTrigger,
    ev: Evaluation,
    signal: AbortSignal,
  ): Promise<{ finished: SyncRun; runner?: SyncRunner }> {
    const planned = await this.plan(ev, options, signal);
    let items = planned.items;
    if (signal.aborted) return { finished: cancelledRun(run, items) };
    const prunes = items.filter((p) => p.action === 'prune');
    const manual = trigger === 'manual' || trigger === 'rollback';
    if (options.prune && planned.prune.blocked && !manual) {
      this.notice(app, `${app.name}: auto-sync did not prune. ${planned.prune.blocked}`);
    }
    const confirmed = pruneConfirmed(planned.prune, options.confirm);
    if (prunes.length > 0 && !confirmed && manual) {
      return {
        finished: failedRun(
          run,
          `Nothing was synced: ${planned.prune.confirm!.reason} Type the app's name ("${app.name}") to confirm the prune.`,
        ),
      };
    }
    if (prunes.length > 0 && !confirmed) {
      items = items.filter((p) => p.action !== 'prune');
      this.notice(
        app,
        `${app.name}: auto-sync did not prune. ${planned.prune.confirm!.reason} Sync by hand and confirm to delete them.`,
      );
    }
    const runner = new SyncRunner({
      run,
      conn: ev.conn!,
      app,
      options,
      plan: items,
      signal,
      progress: (item) => this.events.emit('sync.progress', { appId: app.id, syncId: run.id, item }),
      wave: (w) => this.events.emit('sync.wave', { appId: app.id, syncId: run.id, ...w }),
      waveTimeoutMs: this.timings.waveTimeoutMs,
      finalWaitMs: this.timings.finalWaitMs,
    });
    const finished = await runner.run();
    this.clusterChanged();
    return { finished, runner };
  }

  /** Health after the run: recorded as `healthyAt` in the history, unless a new sync started. */
  private async follow(app: AppSettings, runner: SyncRunner, finished: SyncRun): Promise<void> {
    const stop = new AbortController();
    this.following.set(app.id, stop);
    try {
      const updated = await runner.followHealth(finished, stop.signal);
      if (!updated || stop.signal.aborted) return;
      await this.record(app, updated);
      this.events.emit('sync.healthy', updated);
    } catch {
      // Following health is best effort; the run itself is recorded already.
    } finally {
      if (this.following.get(app.id) === stop) this.following.delete(app.id);
    }
  }

  private async record(app: AppSettings, run: SyncRun): Promise<void> {
    await this.journal.append(run).catch((err: unknown) => {
      this.notice(app, `Could not record the sync in the history: ${(err as Error).message}`);
    });
  }

  private notice(app: AppSettings, message: string): void {
    this.events.emit('notice', { appId: app.id, level: 'warning', message });
  }

  cancel(appId: string): boolean {
    const r = this.running.get(appId);
    if (!r) return false;
    r.abort.abort();
    return true;
  }

  cancelAll(): void {
    for (const r of this.running.values()) r.abort.abort();
    for (const f of this.following.values()) f.abort();
  }
}
