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
import { str } from '../cluster/kube-object';
import type { CompareOptions } from '../compare/app-comparer';
import type { LoadedManifests } from '../manifests/types';
import { buildAppState } from '../compare/app-state-builder';
import { buildResourceDiff } from '../compare/resource-diff';
import { rulesFor } from '../ignore/ignore-rules';
import { isTrackedBy, withTracking } from '../sync/tracking';
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
import type { AppEvaluator, Evaluation } from './app-evaluator';

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

  constructor(private readonly deps: AppControllerDeps) {
    this.timings = { ...defaultTimings, ...deps.timings };
    this.memory = new SyncMemory(deps.journal);
    this.syncs = new SyncCoordinator(deps.events, deps.journal, this.timings, () =>
      deps.evaluator.forgetFailures(),
    );
    this.live = new LiveTracker({
      evaluate: (appId, compareWith) => this.evaluate(this.deps.apps.get(appId), compareWith, false),
      state: (ev) => this.stateOf(ev),
      events: deps.events,
      timings: this.timings,
      onHeadEvaluated: (ev) => void this.selfHeal(ev),
      isSyncing: (appId) => this.syncs.isRunning(appId),
    });
    this.offs.push(
      deps.repos.onRepoChanged((appId, paths, headChanged) => this.repoChanged(appId, paths, headChanged)),
      deps.apps.onChange((apps) => {
        this.live.retain(apps.map((a) => a.id));
        this.live.settingsChanged(apps);
      }),
    );
  }

  private async evaluate(
    app: AppSettings,
    compareWith: CompareWith,
    reload: boolean,
    opts: CompareOptions = {},
    loaded?: LoadedManifests,
  ): Promise<Evaluation> {
    const epoch = this.live.epoch(app.id);
    // A file saved while this evaluation runs must not leave its manifests cached (see track).
    const manifestEpoch = this.live.manifestEpoch(app.id, compareWith);
    if (!loaded) this.deps.evaluator.warm(app);
    const manifests = loaded ?? (await this.manifestsFor(app, compareWith, reload));
    const ev = await this.deps.evaluator.evaluate(
      app,
      compareWith,
      manifests,
      await this.memory.appliedFiles(app.id),
      opts,
    );
    this.live.track(ev, epoch, manifestEpoch);
    return ev;
  }

  /**
   * What a sync plans from: the comparison the app holds when HEAD is still the revision it
   * compared and no live object, file or setting it depends on changed since (a user syncs what
   * the screen shows, without the cluster being asked it all again). Never one with a failed dry
   * run or read: those are asked again, so a verdict whose cause has gone is not replayed.
   */
  private async syncEvaluation(app: AppSettings): Promise<Evaluation> {
    const manifests = await this.manifestsFor(app, 'HEAD', true);
    const held = this.live.held(app.id, 'HEAD');
    if (held && manifests.revision && held.revision === manifests.revision && plannable(held, app))
      return held;
    return this.evaluate(app, 'HEAD', true, { skipMissingDryRun: true }, manifests);
  }

  /**
   * The desired side: HEAD or the working copy, except that a pull-mode app's HEAD view is the
   * commit its engine applied (when the engine said which, and that commit is here).
   */
  private async manifestsFor(app: AppSettings, compareWith: CompareWith, reload: boolean) {
    const pinned = compareWith === 'HEAD' && app.pullMode ? this.deps.pinnedRevision?.(app) : undefined;
    const cached = reload ? undefined : this.live.cachedManifests(app.id, compareWith);
    if (cached && (!pinned || cached.revision === pinned)) return cached;
    if (pinned) {
      const atEngine = await this.deps.evaluator.loadManifests(app, pinned);
      if (atEngine.revision === pinned) return atEngine;
    }
    return this.deps.evaluator.loadManifests(app, compareWith);
  }

  /**
   * An evaluation's state is built once: the tracker keeps it, `state.get` returns it and the
   * re-comparison emits it (at 5,000 resources each build walks every object's health).
   */
  private readonly states = new WeakMap<Evaluation, AppState>();

  private stateOf(ev: Evaluation): AppState {
    const syncing = this.syncs.isRunning(ev.app.id);
    const built = this.states.get(ev);
    if (built && built.syncing === syncing) return built;
    const state = this.buildState(ev, syncing);
    this.states.set(ev, state);
    return state;
  }

  private buildState(ev: Evaluation, syncing: boolean): AppState {
    return buildAppState({
      appId: ev.app.id,
      compareWith: ev.compareWith,
      revision: ev.revision,
      problems: ev.problems,
      compared: ev.compared,
      extraneous: ev.extraneous,
      guarded: ev.guarded,
      children: ev.children,
      connection: ev.connection,
      syncing,
      health: ev.health,
    });
  }

  async getState(appId: string, compareWith: CompareWith): Promise<AppState> {
    return this.stateOf(await this.evaluate(this.deps.apps.get(appId), compareWith, true));
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
    const ev = await this.evaluate(this.deps.apps.get(appId), compareWith, true);
    const c = ev.compared.find((r) => r.id === resourceId);
    if (c)
      return buildResourceDiff(
        resourceId,
        c.key,
        c.dryRun ?? withTracking(c.body, appId, c.key),
        c.live,
        rulesFor(ev.app.ignoreDifferences, c.key),
      );
    const other =
      [...ev.extraneous, ...ev.guarded].find((r) => r.id === resourceId) ??
      ev.children.find((r) => r.id === resourceId);
    if (other) return buildResourceDiff(resourceId, other.key, undefined, other.live);
    throw new ApiFailure(
      'not-found',
      `Resource ${resourceId} is not part of this app. Refresh the app state.`,
    );
  }

  private async liveResource(
    appId: string,
    resourceId: string,
  ): Promise<{ ev: Evaluation; key: { group: string; kind: string; namespace: string; name: string } }> {
    const ev = await this.evaluate(this.deps.apps.get(appId), 'HEAD', false);
    const r = [...ev.compared, ...ev.extraneous, ...ev.guarded, ...ev.children].find(
      (x) => x.id === resourceId,
    );
    if (!r)
      throw new ApiFailure(
        'not-found',
        `Resource ${resourceId} is not part of this app. Refresh the app state.`,
      );
    if (!ev.conn)
      throw new ApiFailure('unreachable', ev.connection.message ?? 'Not connected to the cluster.');
    return { ev, key: r.key };
  }

  async events(appId: string, resourceId: string): Promise<KubeEvent[]> {
    const { ev, key } = await this.liveResource(appId, resourceId);
    const info = await ev.conn!.discovery.require('', 'Event', 'v1');
    const fieldSelector = `involvedObject.name=${key.name},involvedObject.kind=${key.kind}`;
    const { items } = await ev.conn!.client.list(info, {
      namespace: key.namespace || 'default',
      fieldSelector,
    });
    return items
      .map((e) => ({
        type: str(e, 'type') ?? 'Normal',
        reason: str(e, 'reason') ?? '',
        message: str(e, 'message') ?? '',
        count: typeof e.count === 'number' ? e.count : 1,
        lastSeen:
          str(e, 'lastTimestamp') ?? str(e, 'eventTime') ?? str(e, 'metadata.creationTimestamp') ?? '',
        ...(str(e, 'source.component') ? { source: str(e, 'source.component')! } : {}),
      }))
      .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  }

  async podLogs(
    appId: string,
    resourceId: string,
    container: string | undefined,
    tailLines: number,
  ): Promise<string> {
    const { ev, key } = await this.liveResource(appId, resourceId);
    if (key.group !== '' || key.kind !== 'Pod')
      throw new ApiFailure('invalid', 'Logs are available for Pods only.');
    const q = new URLSearchParams({ tailLines: String(tailLines) });
    if (container) q.set('container', container);
    const path = `/api/v1/namespaces/${encodeURIComponent(key.namespace)}/pods/${encodeURIComponent(key.name)}/log?${q.toString()}`;
    return ev.conn!.client.text(path, `Reading logs of pod ${key.name}`);
  }

  async plan(appId: string, options: SyncOptions): Promise<SyncPlan> {
    // A plan is the user's question to the server: never answer it with a remembered failure
    // (a namespace deleted by hand a moment ago was "terminating" then, and is gone now).
    this.deps.evaluator.forgetFailures();
    const ev = await this.evaluate(this.deps.apps.get(appId), 'HEAD', true);
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
      () => this.syncEvaluation(app),
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
    const ev = await this.evaluate(this.deps.apps.get(appId), 'HEAD', false);
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

  private lastSelfHeal = new Map<string, number>();
  /**
   * Self-heal: the live state moved away from the revision last synced (git did not move), so it
   * is applied again. Rate-limited so we never fight another controller in a tight loop.
   */
  private async selfHeal(ev: Evaluation): Promise<void> {
    const app = this.safeGet(ev.app.id);
    if (!app?.options.selfHeal || app.pullMode || this.syncs.isRunning(app.id) || !ev.revision) return;
    if (!ev.compared.some((c) => (c.sync === 'OutOfSync' || c.sync === 'Missing') && !c.dryRunError)) return;
    if ((await this.memory.lastSyncedRevision(app.id)) !== ev.revision) return;
    const last = this.lastSelfHeal.get(app.id) ?? 0;
    const wait = this.timings.selfHealIntervalMs - (Date.now() - last);
    if (wait > 0) {
      // A drift right after a heal (a second kubectl scale) is looked at again when the interval
      // ends; no watch event may come to re-compare it otherwise.
      this.live.emitSoon(app.id, ['HEAD'], wait);
      return;
    }
    if (this.syncs.isRunning(app.id)) return;
    this.lastSelfHeal.set(app.id, Date.now());
    // Self-heal exists to undo live edits, which took those fields over: it applies with force.
    this.startSync(app.id, { prune: false, force: true, applyAll: false }, 'self-heal');
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

function plannable(ev: Evaluation, app: AppSettings): boolean {
  if (!ev.conn || ev.connection.status !== 'connected') return false;
  if (JSON.stringify(ev.app) !== JSON.stringify(app)) return false;
  return ev.compared.every((c) => !c.dryRunError && !c.liveError && !c.resolveError && c.sync !== 'Unknown');
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
