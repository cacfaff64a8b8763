import { ApiFailure } from '../../../src-shared/errors';
import type { KubeEvent, ResourceDiff } from '../../../src-shared/model';
import { str } from '../cluster/kube-object';
import { buildResourceDiff } from '../compare/resource-diff';
import { rulesFor } from '../ignore/ignore-rules';
import { withTracking } from '../sync/tracking';
import type { Evaluation } from './app-evaluator';

/** One resource's diff against live, from an evaluation of its app. */
export function resourceDiff(ev: Evaluation, resourceId: string): ResourceDiff {
  const appId = ev.app.id;
  const c = ev.compared.find((r) => r.id === resourceId);
  if (c)
    return buildResourceDiff(
      resourceId,
      c.key,
      c.dryRun ?? withTracking(c.body, appId, c.key),
      c.live,
      rulesFor(ev.app.ignoreDifferences, c.key),
    );
  const guarded = ev.guarded.find((r) => r.id === resourceId);
  if (guarded)
    return {
      ...buildResourceDiff(resourceId, guarded.key, undefined, guarded.live),
      desiredUnknown: guarded.reason,
    };
  const other =
    ev.extraneous.find((r) => r.id === resourceId) ??
    ev.liveHooks.find((r) => r.id === resourceId) ??
    ev.children.find((r) => r.id === resourceId);
  if (other) return buildResourceDiff(resourceId, other.key, undefined, other.live);
  throw new ApiFailure('not-found', `Resource ${resourceId} is not part of this app. Refresh the app state.`);
}

function liveResource(
  ev: Evaluation,
  resourceId: string,
): { key: { group: string; kind: string; namespace: string; name: string } } {
  const r = [...ev.compared, ...ev.extraneous, ...ev.guarded, ...ev.liveHooks, ...ev.children].find(
    (x) => x.id === resourceId,
  );
  if (!r)
    throw new ApiFailure(
      'not-found',
      `Resource ${resourceId} is not part of this app. Refresh the app state.`,
    );
  if (!ev.conn) throw new ApiFailure('unreachable', ev.connection.message ?? 'Not connected to the cluster.');
  return { key: r.key };
}

/** The Kubernetes events about one of the app's live objects, newest first. */
export async function resourceEvents(ev: Evaluation, resourceId: string): Promise<KubeEvent[]> {
  const { key } = liveResource(ev, resourceId);
  const info = await ev.conn!.discovery.require('', 'Event', 'v1');
  const fieldSelector = `involvedObject.name=${key.name},involvedObject.kind=${key.kind}`;
  const { items } = await ev.conn!.client.list(info, {
    namespace: key.namespace || 'default',
    fieldSelector,
  });
  return items
    .map((e) => ({
      type: str(e, 'type') ?? 'Normal',
      reason: str(e, 'reason') ?? '',
      message: str(e, 'message') ?? '',
      count: typeof e.count === 'number' ? e.count : 1,
      lastSeen: str(e, 'lastTimestamp') ?? str(e, 'eventTime') ?? str(e, 'metadata.creationTimestamp') ?? '',
      ...(str(e, 'source.component') ? { source: str(e, 'source.component')! } : {}),
    }))
    .sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
}

/** The log tail of one of the app's Pods. */
export async function podLogs(
  ev: Evaluation,
  resourceId: string,
  container: string | undefined,
  tailLines: number,
): Promise<string> {
  const { key } = liveResource(ev, resourceId);
  if (key.group !== '' || key.kind !== 'Pod')
    throw new ApiFailure('invalid', 'Logs are available for Pods only.');
  const q = new URLSearchParams({ tailLines: String(tailLines) });
  if (container) q.set('container', container);
  const path = `/api/v1/namespaces/${encodeURIComponent(key.namespace)}/pods/${encodeURIComponent(key.name)}/log?${q.toString()}`;
  return ev.conn!.client.text(path, `Reading logs of pod ${key.name}`);
}
