import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, PrunePolicy, SyncOptions, SyncPlan, SyncRun } from '../../../src-shared/model';
import { isSecret, scrub, secretValues } from '../compare/secret-mask';
import { conflictOf, describeConflict } from '../sync/field-managers';
import { pruneConfirmed } from '../sync/prune-guard';
import { planSync, toPlanItem, type PlannedItem } from '../sync/sync-planner';
import { rulesFor, stripIgnoredForApply } from '../ignore/ignore-rules';
import { guardShared } from '../engines/ownership';
import { fieldManager, withTracking } from '../sync/tracking';
import { SyncRunner } from '../sync/sync-runner';
import type { SyncJournal } from '../sync/sync-journal';
import type { ControllerEvents, ControllerTimings } from './app-controller-deps';
import type { Evaluation } from './app-evaluator';

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

  /** The plan with the server's verdict per resource; prune candidates get a dry-run delete. */
  async plan(
    ev: Evaluation,
    options: SyncOptions,
  ): Promise<{ plan: SyncPlan; items: PlannedItem[]; prune: PrunePolicy }> {
    const { items, prune } = planSync({
      compared: ev.compared,
      extraneous: ev.extraneous,
      options,
      problems: ev.problems,
      appName: ev.app.name,
      ...(ev.createNamespace ? { createNamespace: ev.createNamespace } : {}),
    });
    guardShared(items, ev.app.id, options.changeShared === true);
    if (ev.conn) await Promise.all(items.map((p) => this.verdict(ev, p, options)));
    // Objects kept because their file is broken are listed, so the plan says what it will not delete.
    if (options.prune) {
      for (const g of ev.guarded) {
        items.push({ id: g.id, key: g.key, wave: 0, action: 'unchanged', apply: false, message: g.reason });
      }
    }
    return {
      plan: {
        appId: ev.app.id,
        revision: ev.revision ?? '',
        items: items.map(toPlanItem),
        problems: ev.problems,
        prune,
      },
      items,
      prune,
    };
  }

  /**
   * The server's answer for what the comparison could not tell: whether an update conflicts with
   * another field manager (the comparison dry run is forced), and whether a prune is allowed.
   * A conflict with a person's edit (kubectl scale/edit) is taken back by this sync; one with a
   * controller stays a stop unless the user takes the resource over.
   */
  private async verdict(ev: Evaluation, p: PlannedItem, options: SyncOptions): Promise<void> {
    const conn = ev.conn!;
    try {
      if (p.action === 'prune' && p.prune) {
        await conn.client.delete(p.prune.info, p.key.namespace, p.key.name, 'Foreground', true);
      } else if (
        p.apply &&
        !options.force &&
        p.resource?.info &&
        p.resource.live &&
        (p.action === 'update' || p.action === 'unchanged')
      ) {
        const body = stripIgnoredForApply(
          withTracking(p.resource.body, ev.app.id, p.key),
          p.resource.live,
          rulesFor(ev.app.ignoreDifferences, p.key),
        );
        await conn.client.apply(p.resource.info, p.key.namespace, p.key.name, body, {
          dryRun: true,
          fieldManager,
          ...(p.force ? { force: true } : {}),
        });
      }
    } catch (err) {
      const conflict = conflictOf(err);
      if (conflict) {
        const c = describeConflict(conflict, options.respectManagers === true);
        p.conflict = { managers: c.managers, fields: c.fields, outOfBand: c.outOfBand, advice: c.advice };
        p.message = c.message;
        if (c.outOfBand && !options.respectManagers) {
          p.force = true;
          if (p.action === 'unchanged') p.action = 'update';
          return;
        }
        p.action = 'error';
        return;
      }
      p.action = 'error';
      p.message = err instanceof Error ? err.message : String(err);
      if (p.resource && isSecret(p.key.group, p.key.kind))
        p.message = scrub(p.message, secretValues(p.resource.body));
    }
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
        const ev = await prepare();
        run.revision = ev.revision ?? '';
        if (!ev.conn || ev.connection.status !== 'connected') {
          finished = failedRun(run, ev.connection.message ?? 'Not connected to the cluster');
        } else if (!ev.revision) {
          finished = failedRun(run, ev.problems[0]?.message ?? 'Nothing committed to sync');
        } else {
          const planned = await this.plan(ev, options);
          let items = planned.items;
          const prunes = items.filter((p) => p.action === 'prune');
          const manual = trigger === 'manual' || trigger === 'rollback';
          if (options.prune && planned.prune.blocked && !manual) {
            this.notice(app, `${app.name}: auto-sync did not prune. ${planned.prune.blocked}`);
          }
          const confirmed = pruneConfirmed(planned.prune, options.confirm);
          if (prunes.length > 0 && !confirmed && manual) {
            finished = failedRun(
              run,
              `Nothing was synced: ${planned.prune.confirm!.reason} Type the app's name ("${app.name}") to confirm the prune.`,
            );
          } else {
            if (prunes.length > 0 && !confirmed) {
              items = items.filter((p) => p.action !== 'prune');
              this.notice(
                app,
                `${app.name}: auto-sync did not prune. ${planned.prune.confirm!.reason} Sync by hand and confirm to delete them.`,
              );
            }
            runner = new SyncRunner({
              run,
              conn: ev.conn,
              app,
              options,
              plan: items,
              signal: abort.signal,
              progress: (item) => this.events.emit('sync.progress', { appId: app.id, syncId, item }),
              wave: (w) => this.events.emit('sync.wave', { appId: app.id, syncId, ...w }),
              waveTimeoutMs: this.timings.waveTimeoutMs,
              finalWaitMs: this.timings.finalWaitMs,
            });
            finished = await runner.run();
            this.clusterChanged();
          }
        }
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
