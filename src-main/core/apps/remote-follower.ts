import type { AppSettings, RemoteTracking } from '../../../src-shared/model';
import { ApiFailure } from '../../../src-shared/errors';

/** What following a remote needs of the git side (RepoService satisfies it). */
export interface FollowerRepos {
  fetch(app: AppSettings): Promise<void>;
  pull(app: AppSettings): Promise<{ head: string; updated: boolean }>;
  tracking(app: AppSettings): Promise<RemoteTracking>;
}

export interface RemoteFollowerDeps {
  repos: FollowerRepos;
  /** Called after each round with where the branch stands; the UI shows ahead/behind from it. */
  report(appId: string, tracking: RemoteTracking): void;
}

/** A fetch never runs more often than this, whatever the settings say. */
const MIN_INTERVAL_S = 2;

interface Follow {
  app: AppSettings;
  timer: NodeJS.Timeout | null;
  running: Promise<RemoteTracking> | null;
  last?: RemoteTracking;
}

/**
 * Desktop pull for a personal cluster: apps with `followRemote` fetch their branch every N
 * seconds and fast-forward when the working copy allows it (never a merge, never over local
 * edits). A new HEAD then flows through the usual repo-changed path, so auto-sync picks it up.
 */
export class RemoteFollower {
  private readonly follows = new Map<string, Follow>();
  private disposed = false;

  constructor(private readonly deps: RemoteFollowerDeps) {}

  /** Starts, re-times or stops following, per app, to match the list. */
  retain(apps: AppSettings[]): void {
    const wanted = new Map(apps.filter((a) => a.followRemote).map((a) => [a.id, a]));
    for (const [id, f] of this.follows) {
      const next = wanted.get(id);
      if (!next || next.followRemote?.intervalSeconds !== f.app.followRemote?.intervalSeconds) this.stop(id);
    }
    for (const [id, app] of wanted) {
      const f = this.follows.get(id);
      if (f) f.app = app;
      else this.start(app);
    }
  }

  last(appId: string): RemoteTracking | undefined {
    return this.follows.get(appId)?.last;
  }

  /** One round now (also for apps that do not follow: "Fetch" in the UI). */
  async round(app: AppSettings): Promise<RemoteTracking> {
    const f = this.follows.get(app.id);
    if (f?.running) return f.running;
    const running = this.fetchAndForward(app).finally(() => {
      if (f) f.running = null;
    });
    if (f) f.running = running;
    const tracking = await running;
    if (f) f.last = tracking;
    this.deps.report(app.id, tracking);
    return tracking;
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.follows.keys()]) this.stop(id);
  }

  private start(app: AppSettings): void {
    const f: Follow = { app, timer: null, running: null };
    this.follows.set(app.id, f);
    const intervalMs = Math.max(MIN_INTERVAL_S, app.followRemote?.intervalSeconds ?? 60) * 1000;
    const tick = () => {
      if (this.disposed || this.follows.get(app.id) !== f) return;
      void this.round(f.app)
        .catch(() => undefined)
        .finally(() => {
          if (!this.disposed && this.follows.get(app.id) === f) {
            f.timer = setTimeout(tick, intervalMs);
            f.timer.unref();
          }
        });
    };
    f.timer = setTimeout(tick, 0);
    f.timer.unref();
  }

  private stop(appId: string): void {
    const f = this.follows.get(appId);
    if (f?.timer) clearTimeout(f.timer);
    this.follows.delete(appId);
  }

  private async fetchAndForward(app: AppSettings): Promise<RemoteTracking> {
    const at = new Date().toISOString();
    try {
      await this.deps.repos.fetch(app);
    } catch (err) {
      const tracking = await this.deps.repos.tracking(app).catch(() => undefined);
      return {
        ...(tracking ?? { branch: null, ahead: 0, behind: 0 }),
        problem: `Fetch failed: ${messageOf(err)}`,
      };
    }
    let tracking = await this.deps.repos.tracking(app);
    if (tracking.behind > 0 && tracking.ahead === 0) {
      try {
        await this.deps.repos.pull(app);
        tracking = await this.deps.repos.tracking(app);
      } catch (err) {
        return { ...tracking, lastFetchedAt: at, problem: `Not fast-forwarded: ${messageOf(err)}` };
      }
    } else if (tracking.behind > 0) {
      return {
        ...tracking,
        lastFetchedAt: at,
        problem: `The branch has ${tracking.ahead} local commit(s) the remote lacks: push or rebase with git, then it follows again.`,
      };
    }
    return { ...tracking, lastFetchedAt: at };
  }
}

function messageOf(err: unknown): string {
  return err instanceof ApiFailure || err instanceof Error ? err.message : String(err);
}
