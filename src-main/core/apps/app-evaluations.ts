import type { AppSettings, AppState, CompareWith } from '../../../src-shared/model';
import type { CompareOptions } from '../compare/app-comparer';
import { buildAppState } from '../compare/app-state-builder';
import type { LoadedManifests } from '../manifests/types';
import type { LiveTracker } from './app-controller-live';
import type { AppEvaluator, Evaluation } from './app-evaluator';
import type { SyncMemory } from './app-sync-memory';

export interface AppEvaluationsDeps {
  evaluator: AppEvaluator;
  live: LiveTracker;
  memory: SyncMemory;
  isSyncing(appId: string): boolean;
  /** In pull mode: the commit the in-cluster engine applied, which the state compares against. */
  pinnedRevision?: (app: AppSettings) => string | undefined;
}

/**
 * Evaluates an app against the cluster for the controller: picks the desired side (cached, HEAD,
 * working copy or the engine's pinned commit), hands each evaluation to the live tracker, and
 * builds each evaluation's state once.
 */
export class AppEvaluations {
  constructor(private readonly deps: AppEvaluationsDeps) {}

  async evaluate(
    app: AppSettings,
    compareWith: CompareWith,
    reload: boolean,
    opts: CompareOptions = {},
    loaded?: LoadedManifests,
  ): Promise<Evaluation> {
    const epoch = this.deps.live.epoch(app.id);
    // A file saved while this evaluation runs must not leave its manifests cached (see track).
    const manifestEpoch = this.deps.live.manifestEpoch(app.id, compareWith);
    if (!loaded) this.deps.evaluator.warm(app);
    const manifests = loaded ?? (await this.manifestsFor(app, compareWith, reload));
    const ev = await this.deps.evaluator.evaluate(
      app,
      compareWith,
      manifests,
      await this.deps.memory.appliedFiles(app.id),
      opts,
    );
    this.deps.live.track(ev, epoch, manifestEpoch);
    return ev;
  }

  /**
   * What a sync plans from: the comparison the app holds when HEAD is still the revision it
   * compared and no live object, file or setting it depends on changed since (a user syncs what
   * the screen shows, without the cluster being asked it all again). Never one with a failed dry
   * run or read: those are asked again, so a verdict whose cause has gone is not replayed.
   */
  async syncEvaluation(app: AppSettings): Promise<Evaluation> {
    const manifests = await this.manifestsFor(app, 'HEAD', true);
    const held = this.deps.live.held(app.id, 'HEAD');
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
    const cached = reload ? undefined : this.deps.live.cachedManifests(app.id, compareWith);
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

  stateOf(ev: Evaluation): AppState {
    const syncing = this.deps.isSyncing(ev.app.id);
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
      liveHooks: ev.liveHooks,
      children: ev.children,
      connection: ev.connection,
      syncing,
      health: ev.health,
    });
  }
}

function plannable(ev: Evaluation, app: AppSettings): boolean {
  if (!ev.conn || ev.connection.status !== 'connected') return false;
  if (JSON.stringify(ev.app) !== JSON.stringify(app)) return false;
  return ev.compared.every((c) => !c.dryRunError && !c.liveError && !c.resolveError && c.sync !== 'Unknown');
}
