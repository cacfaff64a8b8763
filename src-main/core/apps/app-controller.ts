import { ApiFailure } from '../../../src-shared/errors';
import type {
  AppSettings,
  AppState,
  AppSummary,
  CompareWith,
  KubeEvent,
  ResourceDiff,
  SyncOptions,
  SyncPlan,
  SyncRun,
} from '../../../src-shared/model';
import type { ClusterService } from '../cluster/cluster-service';
import { isTrackedBy } from '../sync/tracking';
import type { SyncJournal } from '../sync/sync-journal';
import {
  defaultTimings,
  type AppsSource,
  type ControllerEvents,
  type ControllerTimings,
  type RepoSource,
} from './app-controller-deps';
import { SyncCoordinator, type SyncTrigger } from './app-controller-sync';
import { LiveTracker } from './app-controller-live';
import { SyncMemory } from './app-sync-memory';
import { podLogs, resourceDiff, resourceEvents } from './app-resource-details';
import { SelfHealer } from './app-self-heal';
import { AppEvaluations } from './app-evaluations';
import type { AppEvaluator } from './app-evaluator';

export interface AppControllerDeps {
  apps: AppsSource;
  repos: RepoSource;
  cluster: ClusterService;
  evaluator: AppEvaluator;
  journal: SyncJournal;
  events: ControllerEvents;
  timings?: Partial<ControllerTimings>;
  /** In pull mode: the commit the in-cluster engine applied, which the state compares against. */
  pinnedRevision?: (app: AppSettings) => string | undefined;
}

/**
 * Ties git and cluster together per app: state and diffs on request, re-comparison on watch
 * events (drift, self-heal), syncs (manual, auto-sync on a new commit, rollback) and their history.
 */
export class AppController {
  private readonly timings: ControllerTimings;
  private readonly syncs: SyncCoordinator;
  private readonly live: LiveTracker;
  private readonly offs: (() => void)[] = [];
  private readonly memory: SyncMemory;
  private readonly selfHeal: SelfHealer;
  private readonly evals: AppEvaluations;

  constructor(private readonly deps: AppControllerDeps) {
    this.timings = { ...defaultTimings, ...deps.timings };
    this.memory = new SyncMemory(deps.journal);
    this.syncs = new SyncCoordinator(deps.events, deps.journal, this.timings, () =>
      deps.evaluator.forgetFailures(),
    );
    this.live = new LiveTracker({
      evaluate: (appId, compareWith) => this.evals.evaluate(this.deps.apps.get(appId), compareWith, false),
      state: (ev) => this.evals.stateOf(ev),
      events: deps.events,
      timings: this.timings,
      onHeadEvaluated: (ev) => void this.selfHeal.consider(ev),
      isSyncing: (appId) => this.syncs.isRunning(appId),
    });
    this.evals = new AppEvaluations({
      evaluator: deps.evaluator,
      live: this.live,
      memory: this.memory,
      isSyncing: (appId) => this.syncs.isRunning(appId),
      pinnedRevision: (app) => deps.pinnedRevision?.(app),
    });
    this.selfHeal = new SelfHealer({
      app: (appId) => this.safeGet(appId),
      isSyncing: (appId) => this.syncs.isRunning(appId),
      lastSyncedRevision: (appId) => this.memory.lastSyncedRevision(appId),
      intervalMs: this.timings.selfHealIntervalMs,
      emitSoon: (appId, modes, delayMs) => this.live.emitSoon(appId, modes, delayMs),
      startSync: (appId, options) => void this.startSync(appId, options, 'self-heal'),
    });
    this.offs.push(
      deps.repos.onRepoChanged((appId, paths, headChanged) => this.repoChanged(appId, paths, headChanged)),
      deps.apps.onChange((apps) => {
        this.live.retain(apps.map((a) => a.id));
        this.live.settingsChanged(apps);
      }),
    );
  }

  async getState(appId: string, compareWith: CompareWith): Promise<AppState> {
    return this.evals.stateOf(await this.evals.evaluate(this.deps.apps.get(appId), compareWith, true));
  }

  async refresh(appId: string, compareWith: CompareWith, hard: boolean): Promise<AppState> {
    const app = this.deps.apps.get(appId);
    if (hard) {
      this.deps.cluster.reset(app.context);
      this.live.outdateContext(app.context);
      this.deps.evaluator.clearCaches();
    }
    return this.getState(appId, compareWith);
  }

  async diff(appId: string, resourceId: string, compareWith: CompareWith): Promise<ResourceDiff> {
    return resourceDiff(await this.evals.evaluate(this.deps.apps.get(appId), compareWith, true), resourceId);
  }

  async events(appId: string, resourceId: string): Promise<KubeEvent[]> {
    return resourceEvents(await this.evals.evaluate(this.deps.apps.get(appId), 'HEAD', false), resourceId);
  }

  async podLogs(
    appId: string,
    resourceId: string,
    container: string | undefined,
    tailLines: number,
  ): Promise<string> {
    const ev = await this.evals.evaluate(this.deps.apps.get(appId), 'HEAD', false);
    return podLogs(ev, resourceId, container, tailLines);
  }

  async plan(appId: string, options: SyncOptions): Promise<SyncPlan> {
    // A plan is the user's question to the server: never answer it with a remembered failure
    // (a namespace deleted by hand a moment ago was "terminating" then, and is gone now).
    this.deps.evaluator.forgetFailures();
    const ev = await this.evals.evaluate(this.deps.apps.get(appId), 'HEAD', true);
    if (!ev.conn)
      throw new ApiFailure(
        mapStatus(ev.connection.status),
        ev.connection.message ?? 'Not connected to the cluster.',
      );
    return (await this.syncs.plan(ev, options)).plan;
  }

  startSync(appId: string, options: SyncOptions, trigger: SyncTrigger): string {
    const app = this.deps.apps.get(appId);
    const syncId = this.syncs.start(
      app,
      options,
      trigger,
      () => this.evals.syncEvaluation(app),
      (run) => this.afterSync(app, run),
    );
    this.live.emitSoon(app.id);
    return syncId;
  }

  private afterSync(app: AppSettings, run: SyncRun): void {
    this.memory.record(run);
    // The history of applied objects changed (what is watched and guarded), and an apply that
    // changed nothing fires no watch event: the held comparison is not planned from again.
    this.live.outdate(app.id);
    if (run.phase === 'Failed')
      this.deps.events.emit('notice', {
        appId: app.id,
        level: 'error',
        message: `Sync of ${app.name} failed: ${run.message ?? ''}`,
      });
    this.live.emitSoon(app.id);
  }

  /** A context's connection status changed or it was rebuilt: re-compare the apps on it. */
  connectionChanged(context: string): void {
    this.live.connectionChanged(context);
  }

  /** A pull-mode app's engine applied another commit: compare against it at once. */
  pinChanged(appId: string): void {
    this.live.invalidateManifests(appId, true);
  }

  cancel(appId: string): boolean {
    return this.syncs.cancel(appId);
  }

  history(appId: string, limit: number): Promise<SyncRun[]> {
    this.deps.apps.get(appId);
    return this.deps.journal.list(appId, limit);
  }

  async rollback(
    appId: string,
    oid: string,
    options: SyncOptions,
  ): Promise<{ revertOid: string; syncId: string }> {
    const app = this.deps.apps.get(appId);
    if (this.syncs.isRunning(appId))
      throw new ApiFailure(
        'busy',
        `A sync of "${app.name}" is running. Wait for it to finish before rolling back.`,
      );
    const revertOid = await this.deps.repos.revert(app, oid);
    this.live.invalidateManifests(appId, true);
    return { revertOid, syncId: this.startSync(appId, options, 'rollback') };
  }

  /** The live objects this app applied and still tracks (what a hand-over passes to an engine). */
  async trackedLive(appId: string): Promise<Record<string, unknown>[]> {
    const ev = await this.evals.evaluate(this.deps.apps.get(appId), 'HEAD', false);
    return ev.compared.flatMap((c) => (c.live && isTrackedBy(c.live, appId, c.key) ? [c.live] : []));
  }

  summarize(app: AppSettings): AppSummary {
    const state = this.live.lastState(app.id);
    return { ...app, sync: state?.sync ?? 'Unknown', health: state?.health ?? 'Unknown' };
  }

  private repoChanged(appId: string, paths: string[], headChanged: boolean): void {
    let app: AppSettings;
    try {
      app = this.deps.apps.get(appId);
    } catch {
      this.live.invalidateManifests(appId, headChanged);
      return;
    }
    this.deps.evaluator.filesChanged(app, paths, headChanged);
    this.live.invalidateManifests(appId, headChanged);
    // A pull-mode app is applied by its in-cluster engine, never by the desktop.
    if (headChanged && app.options.autoSync && !app.pullMode && !this.syncs.isRunning(appId)) {
      this.startSync(appId, { prune: app.options.prune, force: false, applyAll: false }, 'auto-sync');
    }
  }

  private safeGet(appId: string): AppSettings | undefined {
    try {
      return this.deps.apps.get(appId);
    } catch {
      return undefined;
    }
  }

  dispose(): void {
    for (const off of this.offs) off();
    this.syncs.cancelAll();
    this.live.dispose();
  }
}

function mapStatus(
  status: string,
): 'unreachable' | 'unauthorized' | 'forbidden' | 'tls' | 'timeout' | 'kube' {
  return status === 'unreachable' ||
    status === 'unauthorized' ||
    status === 'forbidden' ||
    status === 'tls' ||
    status === 'timeout'
    ? status
    : 'kube';
}
