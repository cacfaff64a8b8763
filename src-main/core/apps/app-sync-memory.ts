import type { SyncRun } from '../../../src-shared/model';
import type { SyncJournal } from '../sync/sync-journal';

/**
 * What an app's past syncs tell about its objects, read from the journal once and kept current:
 * which ids it applied and from which file (so a removed object is found as extraneous, and one
 * whose file broke is guarded instead), and the revision last synced successfully (self-heal).
 */
export class SyncMemory {
  private readonly applied = new Map<string, Map<string, string | undefined>>();
  private readonly lastSynced = new Map<string, string>();

  constructor(private readonly journal: SyncJournal) {}

  async appliedFiles(appId: string): Promise<Map<string, string | undefined>> {
    let ids = this.applied.get(appId);
    if (!ids) {
      ids = new Map();
      const runs = await this.journal.list(appId, 20).catch(() => []);
      // Oldest first, so the newest run's file wins.
      for (const run of runs.reverse()) this.note(ids, run);
      this.applied.set(appId, ids);
    }
    return ids;
  }

  private note(ids: Map<string, string | undefined>, run: SyncRun): void {
    for (const item of run.items) {
      // A hook is created anew by each sync, never kept as desired state or pruned.
      if (item.hook) continue;
      if (item.action === 'prune') {
        if (item.phase === 'pruned') ids.delete(item.id);
        continue;
      }
      if (item.phase !== 'applied' && item.phase !== 'healthy') continue;
      ids.set(item.id, item.file ?? ids.get(item.id));
    }
  }

  record(run: SyncRun): void {
    const ids = this.applied.get(run.appId);
    if (ids) this.note(ids, run);
    else void this.appliedFiles(run.appId);
    if (run.phase === 'Succeeded') this.lastSynced.set(run.appId, run.revision);
  }

  /** The revision of the last successful sync: self-heal restores that, never a newer commit. */
  async lastSyncedRevision(appId: string): Promise<string | undefined> {
    if (!this.lastSynced.has(appId)) {
      const run = (await this.journal.list(appId, 50).catch(() => [])).find((r) => r.phase === 'Succeeded');
      if (run) this.lastSynced.set(appId, run.revision);
    }
    return this.lastSynced.get(appId);
  }
}
