import type { CompareWith } from '../../../src-shared/model';

export interface RecompareDeps<E> {
  /** Compares one mode again (manifests reloaded where they changed) and tracks the result. */
  evaluate(mode: CompareWith): Promise<E>;
  emit(ev: E): void;
  /** Moves with every save: a run that saw it move compared files that are not there any more. */
  manifestEpoch(mode: CompareWith): number;
}

interface ModeQueue {
  /** Sequence number of the latest request, and the one the current (or last) run started for. */
  requested: number;
  startedFor: number;
  running: boolean;
  /** A save is waiting: its run starts as soon as the mode is free, without a debounce. */
  urgent: boolean;
  /** The earliest time the pending requests asked for (a self-heal's look again after a wait). */
  dueAt: number;
  /** Held back until a save's comparison ends. */
  waiting: boolean;
}

/** HEAD first when both are due: drift is reported from it. */
const passOrder: CompareWith[] = ['HEAD', 'worktree'];
/**
 * Longest extra wait between re-comparisons while watch events keep coming (a rollout's status
 * updates, thousands of them after a large sync): the wait follows the last one's length, so
 * re-comparing takes about half the CPU at most and a save or a request is not starved.
 */
const maxSpacingMs = 1000;

/**
 * When one app's comparisons are done again. Each mode runs one comparison at a time; requests
 * arriving meanwhile are served by one more run after it. A save of a file is the user waiting:
 * the working copy's run starts at once (never behind a HEAD comparison or a debounce), a HEAD
 * comparison about to start waits for it, and a working-copy run that was overtaken by the save
 * is not emitted, so the save's own run is the first verdict shown after it. Other requests are
 * served in passes (HEAD, then the working copy), one at a time, each spaced from the last by
 * that one's length (see maxSpacingMs).
 */
export class RecompareQueue<E> {
  private seq = 0;
  private readonly modes = new Map<CompareWith, ModeQueue>();
  private timer: NodeJS.Timeout | undefined;
  private timerDue = 0;
  /** Settles when the save's working-copy run ends. */
  private saving: Promise<void> | undefined;
  private passing = false;
  /** No re-comparison that is not a save starts before this (see maxSpacingMs). */
  private nextPassAt = 0;
  private closed = false;

  constructor(private readonly deps: RecompareDeps<E>) {}

  /** Re-compares `modes` after `delayMs` (a save: `urgent`, at once). */
  request(modes: CompareWith[], delayMs: number, urgent = false): void {
    if (this.closed) return;
    const now = Date.now();
    for (const mode of modes) {
      const q = this.queue(mode);
      const pending = q.requested > q.startedFor;
      q.dueAt = pending ? Math.min(q.dueAt, now + delayMs) : now + delayMs;
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
      q = { requested: 0, startedFor: 0, running: false, urgent: false, dueAt: 0, waiting: false };
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
    const now = Date.now();
    const due = Math.max(now + delayMs, this.nextPassAt);
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pass();
    }, due - now);
  }

  /** The due modes, one after another; one pass at a time, the next one spaced from it. */
  private async pass(): Promise<void> {
    if (this.passing) return;
    this.passing = true;
    const started = performance.now();
    try {
      for (const mode of passOrder) {
        if (!this.modes.has(mode)) continue;
        // A comparison's work runs mostly as one chain of settled promises, which holds back file
        // events and a save's write until it ends: between two, they get their turn (and a save
        // noticed then takes the working copy's place in this pass).
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.runOnce(mode);
      }
    } finally {
      this.passing = false;
      this.nextPassAt = Date.now() + Math.min(performance.now() - started, maxSpacingMs);
    }
    this.followUp();
  }

  /** Requests that came during a run are served by one more (spaced) pass. */
  private followUp(): void {
    let dueAt = Infinity;
    for (const q of this.modes.values()) {
      if (this.due(q)) dueAt = Math.min(dueAt, q.dueAt);
    }
    if (dueAt !== Infinity) this.schedule(Math.max(0, dueAt - Date.now()));
  }

  private due(q: ModeQueue): boolean {
    return !this.closed && !q.running && q.requested > q.startedFor;
  }

  private async runOnce(mode: CompareWith): Promise<void> {
    const q = this.queue(mode);
    if (!this.due(q)) return;
    if (mode !== 'worktree' && this.saving) {
      if (q.waiting) return;
      q.waiting = true;
      while (this.saving) await this.saving;
      q.waiting = false;
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
    try {
      const epoch = this.deps.manifestEpoch(mode);
      const ev = await this.deps.evaluate(mode);
      const overtaken = q.requested > q.startedFor && epoch !== this.deps.manifestEpoch(mode);
      if (!this.closed && !overtaken) this.deps.emit(ev);
    } catch {
      // The app was removed or the cluster went away; the next request reports it properly.
    } finally {
      q.running = false;
      if (saved) {
        if (this.saving === ownSaving) this.saving = undefined;
        saved();
      }
    }
    if (q.urgent) void this.runOnce(mode);
    else if (!this.passing) this.followUp();
  }
}
