import type { AppSettings, AppState, CompareWith } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { LiveChange } from '../cluster/live-cache';
import type { LoadedManifests } from '../manifests/types';

import type { ControllerEvents, ControllerTimings } from './app-controller-deps';
import type { Evaluation } from './app-evaluator';
import { RecompareQueue } from './recompare-queue';

export interface LiveTrackerDeps {
  /** Re-evaluates with cached manifests where they are still valid. */
  evaluate(appId: string, compareWith: CompareWith): Promise<Evaluation>;
  state(ev: Evaluation): AppState;
  events: ControllerEvents;
  timings: ControllerTimings;
  /** Every fresh HEAD comparison, outside syncs: where self-heal decides. */
  onHeadEvaluated(ev: Evaluation): void;
  isSyncing(appId: string): boolean;
}

const syncingDebounceMs = 1500;

interface Tracked {
  modes: Map<CompareWith, Evaluation>;
  manifests: Map<CompareWith, LoadedManifests>;
  /** Which modes are compared again when: a save touches the working copy only, and goes first. */
  queue: RecompareQueue<Evaluation>;
  lastState?: AppState;
  /** Bumped by anything an evaluation depends on: a watch event in its scopes, files, settings, a sync. */
  epoch: number;
  /** The epoch each mode's evaluation started in: it still holds while the epoch has not moved. */
  evaluatedIn: Map<CompareWith, number>;
}

/**
 * Keeps the apps someone looked at current: a watch event in a scope an app depends on schedules
 * one re-comparison (debounced), emits `state.changed`, and reports drift when a Synced resource
 * turns out of sync with git unchanged.
 */
export class LiveTracker {
  private readonly apps = new Map<string, Tracked>();
  /**
   * Per app, how many times its files changed: manifests loaded before a change (by an evaluation
   * still running when it came) are not cached, or the next re-comparison would reuse them.
   */
  private readonly epochs = new Map<string, { worktree: number; HEAD: number }>();
  private readonly subscribed = new WeakSet<ClusterConnection>();
  private readonly offs: (() => void)[] = [];

  constructor(private readonly deps: LiveTrackerDeps) {}

  private entry(appId: string): Tracked {
    let t = this.apps.get(appId);
    if (!t) {
      const tracked: Tracked = {
        modes: new Map(),
        manifests: new Map(),
        queue: new RecompareQueue<Evaluation>({
          evaluate: (mode) => this.deps.evaluate(appId, mode),
          emit: (ev) => {
            if (this.apps.get(appId) === tracked) this.deps.events.emit('state.changed', this.deps.state(ev));
          },
          manifestEpoch: (mode) => this.manifestEpoch(appId, mode),
        }),
        epoch: 0,
        evaluatedIn: new Map(),
      };
      t = tracked;
      this.apps.set(appId, t);
    }
    return t;
  }

  /** Taken before an evaluation starts and passed to `track`, so a change during it outdates it. */
  epoch(appId: string): number {
    return this.apps.get(appId)?.epoch ?? 0;
  }

  /** Something this app's evaluations depend on changed outside the watches (a sync ran). */
  outdate(appId: string): void {
    const t = this.apps.get(appId);
    if (t) t.epoch++;
  }

  /** A context's connection was rebuilt: no evaluation made over the old one is held. */
  outdateContext(context: string): void {
    for (const t of this.apps.values()) {
      const ev = t.modes.values().next().value;
      if (ev?.app.context === context) t.epoch++;
    }
  }

  /**
   * The app's last evaluation of `compareWith` when nothing it depends on has changed since it
   * started (no watch event in its scopes, no file or settings change, no sync): what the user
   * sees is then what a sync would compute again.
   */
  held(appId: string, compareWith: CompareWith): Evaluation | undefined {
    const t = this.apps.get(appId);
    const ev = t?.modes.get(compareWith);
    return ev && t!.evaluatedIn.get(compareWith) === t!.epoch ? ev : undefined;
  }

  /** Taken before loading manifests, given back to `track`. */
  manifestEpoch(appId: string, compareWith: CompareWith): number {
    return this.epochs.get(appId)?.[compareWith] ?? 0;
  }

  track(ev: Evaluation, epoch?: number, manifestEpoch?: number): void {
    const t = this.entry(ev.app.id);
    const prev = t.modes.get(ev.compareWith);
    t.modes.set(ev.compareWith, ev);
    if (epoch === undefined) t.evaluatedIn.delete(ev.compareWith);
    else t.evaluatedIn.set(ev.compareWith, epoch);
    // Manifests loaded before a save and tracked after it are not the file any more.
    const current =
      manifestEpoch === undefined || manifestEpoch === this.manifestEpoch(ev.app.id, ev.compareWith);
    if (ev.manifests && ev.manifests.revision && current) t.manifests.set(ev.compareWith, ev.manifests);
    if (ev.compareWith === 'HEAD') {
      t.lastState = this.deps.state(ev);
      if (prev && prev.revision === ev.revision) this.detectDrift(prev, ev);
      if (!this.deps.isSyncing(ev.app.id)) this.deps.onHeadEvaluated(ev);
    }
    if (ev.conn && !this.subscribed.has(ev.conn)) {
      this.subscribed.add(ev.conn);
      const conn = ev.conn;
      this.offs.push(conn.live.onChange((change) => this.changed(conn, change)));
    }
  }

  private detectDrift(prev: Evaluation, next: Evaluation): void {
    const before = new Map(prev.compared.map((c) => [c.id, c.sync]));
    const drifted = next.compared.filter(
      (c) => before.get(c.id) === 'Synced' && (c.sync === 'OutOfSync' || c.sync === 'Missing'),
    );
    if (drifted.length === 0 || this.deps.isSyncing(next.app.id)) return;
    const what = drifted
      .map((c) => `${describeKey(c.key)}${c.syncReason ? ` (${c.syncReason})` : ''}`)
      .join(', ');
    this.deps.events.emit('notice', {
      appId: next.app.id,
      level: 'warning',
      message: `Drift detected in ${next.app.name}: ${what}`,
    });
  }

  private changed(conn: ClusterConnection, change: LiveChange): void {
    const key = `${change.info.group}/${change.info.resource}/${change.info.namespaced ? change.namespace : ''}`;
    for (const [appId, t] of this.apps) {
      const head = t.modes.get('HEAD') ?? t.modes.values().next().value;
      if (head?.conn === conn && head.scopes.has(key)) {
        t.epoch++;
        this.emitSoon(appId);
      }
    }
  }

  /**
   * A context's connection changed status (the server went away or came back) or was rebuilt (the
   * kubeconfig changed): every app on it is compared again, which also re-creates its watches on
   * a new connection, and the UI hears the new state.
   */
  connectionChanged(context: string): void {
    for (const [appId, t] of this.apps) {
      const head = t.modes.get('HEAD') ?? t.modes.values().next().value;
      if (head?.app.context === context) {
        t.epoch++;
        this.emitSoon(appId);
      }
    }
  }

  cachedManifests(appId: string, compareWith: CompareWith): LoadedManifests | undefined {
    return this.apps.get(appId)?.manifests.get(compareWith);
  }

  invalidateManifests(appId: string, headChanged: boolean): void {
    const epoch = this.epochs.get(appId) ?? { worktree: 0, HEAD: 0 };
    epoch.worktree++;
    if (headChanged) epoch.HEAD++;
    this.epochs.set(appId, epoch);
    const t = this.apps.get(appId);
    if (!t) return;
    t.epoch++;
    t.manifests.delete('worktree');
    if (headChanged) t.manifests.delete('HEAD');
    // HEAD did not move: its comparison still holds, only the working copy's needs redoing, and
    // at once (the user is waiting). The watcher has already coalesced the burst of file events.
    if (headChanged) this.emitSoon(appId, undefined, 0);
    else if (t.modes.has('worktree')) t.queue.request(['worktree'], 0, true);
  }

  lastState(appId: string): AppState | undefined {
    return this.apps.get(appId)?.lastState;
  }

  /**
   * Schedules a debounced re-comparison of the given modes (default: every mode this app was
   * looked at in), then emits.
   */
  emitSoon(appId: string, modes?: CompareWith[], debounceMs = this.deps.timings.debounceMs): void {
    const t = this.apps.get(appId);
    if (!t) return;
    const due = (modes ?? [...t.modes.keys()]).filter((m) => t.modes.has(m));
    t.queue.request(due, this.delay(appId, debounceMs));
  }

  /**
   * While a sync runs, every applied object fires watch events; re-comparing after each would
   * compete with the sync for the API server. Its progress events carry the news meanwhile.
   */
  private delay(appId: string, debounceMs: number): number {
    return this.deps.isSyncing(appId) ? Math.max(debounceMs, syncingDebounceMs) : debounceMs;
  }

  /** Re-compares apps whose settings changed (an ignore rule, the namespace...), so the view follows. */
  settingsChanged(apps: AppSettings[]): void {
    for (const app of apps) {
      const t = this.apps.get(app.id);
      const ev = t?.modes.values().next().value;
      if (t && ev && JSON.stringify(ev.app) !== JSON.stringify(app)) {
        t.epoch++;
        this.emitSoon(app.id);
      }
    }
  }

  /** Forgets apps that no longer exist. */
  retain(appIds: string[]): void {
    const keep = new Set(appIds);
    for (const id of this.epochs.keys()) {
      if (!keep.has(id)) this.epochs.delete(id);
    }
    for (const [id, t] of this.apps) {
      if (keep.has(id)) continue;
      t.queue.dispose();
      this.apps.delete(id);
    }
  }

  dispose(): void {
    for (const off of this.offs) off();
    for (const t of this.apps.values()) t.queue.dispose();
    this.apps.clear();
  }
}
