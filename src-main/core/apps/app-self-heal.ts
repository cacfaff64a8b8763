import type { AppSettings, CompareWith, SyncOptions } from '../../../src-shared/model';
import type { Evaluation } from './app-evaluator';

export interface SelfHealDeps {
  /** The app's current settings, or undefined when it was removed. */
  app(appId: string): AppSettings | undefined;
  isSyncing(appId: string): boolean;
  lastSyncedRevision(appId: string): Promise<string | undefined>;
  intervalMs: number;
  emitSoon(appId: string, modes: CompareWith[], delayMs: number): void;
  startSync(appId: string, options: SyncOptions): void;
}

/**
 * Self-heal: the live state moved away from the revision last synced (git did not move), so it
 * is applied again. Rate-limited so we never fight another controller in a tight loop.
 */
export class SelfHealer {
  private lastSelfHeal = new Map<string, number>();

  constructor(private readonly deps: SelfHealDeps) {}

  async consider(ev: Evaluation): Promise<void> {
    const app = this.deps.app(ev.app.id);
    if (!app?.options.selfHeal || app.pullMode || this.deps.isSyncing(app.id) || !ev.revision) return;
    if (!ev.compared.some((c) => (c.sync === 'OutOfSync' || c.sync === 'Missing') && !c.dryRunError)) return;
    if ((await this.deps.lastSyncedRevision(app.id)) !== ev.revision) return;
    const last = this.lastSelfHeal.get(app.id) ?? 0;
    const wait = this.deps.intervalMs - (Date.now() - last);
    if (wait > 0) {
      // A drift right after a heal (a second kubectl scale) is looked at again when the interval
      // ends; no watch event may come to re-compare it otherwise.
      this.deps.emitSoon(app.id, ['HEAD'], wait);
      return;
    }
    if (this.deps.isSyncing(app.id)) return;
    this.lastSelfHeal.set(app.id, Date.now());
    // Self-heal exists to undo live edits, which took those fields over: it applies with force.
    this.deps.startSync(app.id, { prune: false, force: true, applyAll: false });
  }
}
