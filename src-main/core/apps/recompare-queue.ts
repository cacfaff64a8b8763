import type { CompareWith } from '../../../src-shared/model';

export interface RecompareDeps<E> {
  /** Compares one mode again (manifests reloaded where they changed) and tracks the result. */
  evaluate(mode: CompareWith): Promise<E>;
  emit(ev: E): void;
  /** Moves with every save: a run that saw it move compared files that are not there any more. */
  manifestEpoch(mode: CompareWith): number;
  /** The least wait before a re-comparison that is not a save (longer while a sync runs). */
  delayMs(): number;
}

interface ModeQueue {
  /** Sequence number of the latest request, and the one the current (or last) run started for. */
  requested: number;
  startedFor: number;
  running: boolean;
  /** A save is waiting: its run starts as soon as the mode is free, without a debounce. */
  urgent: boolean;
}

/** HEAD first when both are due: drift is reported from it. */
const passOrder: CompareWith[] = ['HEAD', 'worktree'];
/**
 * Longest extra wait between re-comparisons while watch events keep coming (a rollout's status
 * updates): the wait follows the last run's length, so re-comparing takes at most about half the CPU.
 */
const maxSpacingMs = 500;

/**
 * When one app's comparisons are done again. Each mode runs one comparison at a time; requests
 * arriving meanwhile are served by one more run after it. A save of a file is the user waiting:
 * the working copy's run starts at once (never behind a HEAD comparison or a debounce), a HEAD
 * comparison about to start waits for it, and a working-copy run that was overtaken by the save
 * is not emitted, so the save's own run is the first verdict shown after it.
 */
export class RecompareQueue<E> {
  private seq = 0;
  private readonly modes = new Map<CompareWith, ModeQueue>();
  private timer: NodeJS.Timeout | undefined;
  private timerDue = 0;
  /** Settles when the save's working-copy run ends. */
  private saving: Promise<void> | undefined;
  private lastRunMs = 0;
  private closed = false;

  constructor(private readonly deps: RecompareDeps<E>) {}

  /** Re-compares `modes` after `delayMs` (a save: `urgent`, at once). */
  request(modes: CompareWith[], delayMs: number, urgent = false): void {
    if (this.closed) return;
    for (const mode of modes) {
      const q = this.queue(mode);
      q.requested = ++this.seq;
      if (urgent) {
        q.urgent = true;
        void this.runOnce(mode);
      }
    }
    if (!urgent && modes.length > 0) this.schedule(delayMs);
  }

  dispose(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private queue(mode: CompareWith): ModeQueue {
    let q = this.modes.get(mode);
    if (!q) {
      q = { requested: 0, startedFor: 0, running: false, urgent: false };
      this.modes.set(mode, q);
    }
    return q;
  }

  /**
   * The first request after a calm moment sets the window; later ones within it join it, and
   * one due sooner (a commit during a sync's longer wait) brings it forward.
   */
  private schedule(delayMs: number): void {
    if (this.closed) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pass();
    }, delayMs);
  }

  private async pass(): Promise<void> {
    for (const mode of passOrder) {
      if (this.modes.has(mode)) await this.runOnce(mode);
    }
  }

  private due(q: ModeQueue): boolean {
    return !this.closed && !q.running && q.requested > q.startedFor;
  }

  private async runOnce(mode: CompareWith): Promise<void> {
    const q = this.queue(mode);
    if (!this.due(q)) return;
    if (mode !== 'worktree') {
      while (this.saving) await this.saving;
      if (!this.due(q)) return;
    }
    q.running = true;
    q.startedFor = q.requested;
    let saved: (() => void) | undefined;
    if (q.urgent) {
      q.urgent = false;
      this.saving = new Promise<void>((resolve) => (saved = resolve));
    }
    const ownSaving = this.saving;
    const started = performance.now();
    try {
      const epoch = this.deps.manifestEpoch(mode);
      const ev = await this.deps.evaluate(mode);
      const overtaken = q.requested > q.startedFor && epoch !== this.deps.manifestEpoch(mode);
      if (!this.closed && !overtaken) this.deps.emit(ev);
    } catch {
      // The app was removed or the cluster went away; the next request reports it properly.
    } finally {
      q.running = false;
      this.lastRunMs = performance.now() - started;
      if (saved) {
        if (this.saving === ownSaving) this.saving = undefined;
        saved();
      }
    }
    if (!this.due(q)) return;
    if (q.urgent) void this.runOnce(mode);
    else this.schedule(Math.max(this.deps.delayMs(), Math.min(this.lastRunMs, maxSpacingMs)));
  }
}
