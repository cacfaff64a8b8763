import { describeKey } from '../../../src-shared/resource-id';
import type { ResourceKey } from '../../../src-shared/model';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import { isTrackedBy } from './tracking';
import { waitUntilGone } from './wait-gone';

/**
 * The delete half of a recreate: only an object this app created (it carries our tracking mark for
 * itself) is deleted, with its dependents, and the create waits until it is gone, since an object
 * still being deleted cannot be created again.
 */
export async function deleteForRecreate(
  conn: ClusterConnection,
  info: ApiResource,
  key: ResourceKey,
  appId: string,
  signal: AbortSignal,
  timeoutMs = 120_000,
): Promise<void> {
  const live = await conn.client.get(info, key.namespace, key.name, signal);
  if (!live) return;
  if (!isTrackedBy(live, appId, key))
    throw new Error(
      `Not recreated: ${describeKey(key)} was not created by this app, so it is not deleted. Delete it yourself if git should replace it.`,
    );
  await conn.client.delete(info, key.namespace, key.name, 'Foreground', false, signal);
  await waitUntilGone(
    conn,
    info,
    key.namespace,
    key.name,
    signal,
    timeoutMs,
    `Deleted, but ${describeKey(key)} was still going away after ${Math.round(timeoutMs / 1000)} s (finalizers or dependents); sync again once it is gone.`,
  );
}
