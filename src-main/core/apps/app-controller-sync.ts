import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, SyncOptions, SyncPlan, SyncRun } from '../../../src-shared/model';
import { isSecret, scrub, secretValues } from '../compare/secret-mask';
import { buildPlan, toPlanItem, type PlannedItem } from '../sync/sync-planner';
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

/** One sync at a time per app: planning, running, cancelling and recording syncs. */
export class SyncCoordinator {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly events: ControllerEvents,
    private readonly journal: SyncJournal,
    private readonly timings: ControllerTimings,
  ) {}

  isRunning(appId: string): boolean {
    return this.running.has(appId);
  }

  /** The plan with the server's verdict per resource; prune candidates get a dry-run delete. */
  async plan(ev: Evaluation, options: SyncOptions): Promise<{ plan: SyncPlan; items: PlannedItem[] }> {
    const items = buildPlan({
      compared: ev.compared,
      extraneous: ev.extraneous,
      options,
      ...(ev.createNamespace ? { createNamespace: ev.createNamespace } : {}),
    });
    guardShared(items, ev.app.id, options.changeShared === true);
    if (ev.conn) await Promise.all(items.map((p) => this.verdict(ev, p, options)));
    return {
      plan: {
        appId: ev.app.id,
        revision: ev.revision ?? '',
        items: items.map(toPlanItem),
        problems: ev.problems,
      },
      items,
    };
  }

  /**
   * The server's answer for what the comparison could not tell: whether an update conflicts with
   * another field manager (the comparison dry run is forced), and whether a prune is allowed.
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
        const body = withTracking(p.resource.body, ev.app.id, p.key);
        await conn.client.apply(p.resource.info, p.key.namespace, p.key.name, body, {
          dryRun: true,
          fieldManager,
        });
      }
    } catch (err) {
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
    const run: SyncRun = {
      id: syncId,
      appId: app.id,
      revision: '',
      options,
      startedAt: new Date().toISOString(),
      phase: 'Running',
      items: [],
      trigger,
    };
    void (async () => {
      let finished: SyncRun;
      try {
        const ev = await prepare();
        run.revision = ev.revision ?? '';
        if (!ev.conn || ev.connection.status !== 'connected') {
          finished = {
            ...run,
            phase: 'Failed',
            message: ev.connection.message ?? 'Not connected to the cluster',
            finishedAt: new Date().toISOString(),
          };
        } else if (!ev.revision) {
          finished = {
            ...run,
            phase: 'Failed',
            message: ev.problems[0]?.message ?? 'Nothing committed to sync',
            finishedAt: new Date().toISOString(),
          };
        } else {
          const { items } = await this.plan(ev, options);
          const runner = new SyncRunner({
            run,
            conn: ev.conn,
            app,
            options,
            plan: items,
            signal: abort.signal,
            progress: (item) => this.events.emit('sync.progress', { appId: app.id, syncId, item }),
            waveTimeoutMs: this.timings.waveTimeoutMs,
            finalWaitMs: this.timings.finalWaitMs,
          });
          finished = await runner.run();
        }
      } catch (err) {
        finished = {
          ...run,
          phase: 'Failed',
          message: err instanceof Error ? err.message : String(err),
          finishedAt: new Date().toISOString(),
        };
      }
      this.running.delete(app.id);
      await this.journal.append(finished).catch((err: unknown) => {
        this.events.emit('notice', {
          appId: app.id,
          level: 'warning',
          message: `Could not record the sync in the history: ${(err as Error).message}`,
        });
      });
      this.events.emit('sync.finished', finished);
      after(finished);
    })();
    return syncId;
  }

  cancel(appId: string): boolean {
    const r = this.running.get(appId);
    if (!r) return false;
    r.abort.abort();
    return true;
  }

  cancelAll(): void {
    for (const r of this.running.values()) r.abort.abort();
  }
}
