import { ApiFailure } from '../../../src-shared/errors';
import type { SyncItemPhase } from '../../../src-shared/model';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { PlannedItem } from './sync-planner';
import { isTrackedBy } from './tracking';

/** Deletes the prune candidates one by one, re-checking each one's tracking mark first. */
export async function pruneItems(
  conn: ClusterConnection,
  appId: string,
  items: PlannedItem[],
  signal: AbortSignal,
  set: (item: PlannedItem, phase: SyncItemPhase, message?: string) => void,
): Promise<void> {
  for (const item of items) {
    if (signal.aborted) return;
    const e = item.prune!;
    set(item, 'applying');
    try {
      // Re-read: only an object that still carries our mark for itself is ever deleted.
      const live = await conn.client.get(e.info, e.key.namespace, e.key.name, signal);
      if (!live) {
        set(item, 'pruned', 'Already gone');
        continue;
      }
      if (!isTrackedBy(live, appId, e.key)) {
        set(item, 'skipped', "No longer carries this app's tracking mark: left alone");
        continue;
      }
      await conn.client.delete(e.info, e.key.namespace, e.key.name, 'Foreground', false, signal);
      set(item, 'pruned', 'Deleted');
    } catch (err) {
      set(item, 'failed', err instanceof ApiFailure ? err.message : String(err));
    }
  }
}
