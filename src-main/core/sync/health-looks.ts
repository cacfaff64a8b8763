import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import { assessHealth } from '../health/assess-health';
import type { HealthResult } from '../health/health-types';
import type { PlannedItem } from './sync-planner';
import { sleep } from './wait-gone';

/** An item's health now: from the watch cache, or a GET when the cache does not hold it. */
export async function healthOf(
  conn: ClusterConnection,
  item: PlannedItem,
  /** The name it was created under, when the server chose it (a generateName hook). */
  name: string,
  signal: AbortSignal,
): Promise<HealthResult> {
  const info = item.resource?.info ?? (await conn.discovery.find(item.key.group, item.key.kind));
  if (!info) return { status: 'Unknown' };
  let live = conn.live.get(info, item.key.namespace, name);
  if (!live || conn.live.error(info, item.key.namespace))
    live = await conn.client.get(info, item.key.namespace, name, signal).catch(() => live);
  return assessHealth(item.key.group, item.key.kind, live);
}

/**
 * Health is read from the watch caches; without a watch for a (type, namespace) every poll would
 * GET each object again. Scopes that cannot be watched fall back to GETs in healthOf().
 */
export async function watchScopes(conn: ClusterConnection, items: PlannedItem[]): Promise<void> {
  const scopes = new Map<string, { info: ApiResource; namespace: string }>();
  for (const item of items) {
    const info =
      item.resource?.info ??
      (await conn.discovery.find(item.key.group, item.key.kind).catch(() => undefined));
    if (info)
      scopes.set(`${info.group}/${info.resource}/${item.key.namespace}`, {
        info,
        namespace: item.key.namespace,
      });
  }
  await Promise.all(
    [...scopes.values()].map((s) => conn.live.ensure(s.info, s.namespace).catch(() => undefined)),
  );
}

/**
 * Until the next look at health: the next watch event (a rollout finishing is seen at once, as
 * `kubectl rollout status` sees it), at most 250 ms (scopes without a watch are read by GET),
 * and at least 20 ms after the last look, so a burst of events costs one look, not hundreds.
 */
export async function nextLook(conn: ClusterConnection, signal: AbortSignal): Promise<void> {
  await sleep(20, signal);
  if (signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, 230);
    const off = conn.live.onChange(done);
    signal.addEventListener('abort', done, { once: true });
  });
}
