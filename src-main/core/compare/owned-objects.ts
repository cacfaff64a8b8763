import type { HookPhase, ResourceKey } from '../../../src-shared/model';
import { resourceId } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import { str, stringMap, type KubeObject } from '../cluster/kube-object';
import { hasIgnoreExtraneous } from '../ignore/ignore-rules';
import { hookRole, isHookObject } from '../sync/hooks';
import { appLabel, appLabelValue, isTrackedBy } from '../sync/tracking';
import type { ExtraneousResource, Scope } from './app-comparer';

/** A live object a sync created as a hook, with the (first) phase it runs in. */
export interface LiveHook {
  id: string;
  key: ResourceKey;
  apiVersion: string;
  info: ApiResource;
  live: KubeObject;
  phase: HookPhase;
}

/** Every live object in the scopes carrying this app's label, with its key and id. */
function* labelled(
  conn: ClusterConnection,
  appId: string,
  scopes: Scope[],
): Generator<{ obj: KubeObject; info: ApiResource; key: ResourceKey; id: string }> {
  const label = appLabelValue(appId);
  for (const s of scopes) {
    for (const obj of conn.live.list(s.info, s.namespace)) {
      if (stringMap(obj, 'metadata.labels')[appLabel] !== label) continue;
      const key = {
        group: s.info.group,
        kind: s.info.kind,
        namespace: str(obj, 'metadata.namespace') ?? '',
        name: str(obj, 'metadata.name') ?? '',
      };
      yield { obj, info: s.info, key, id: resourceId(key) };
    }
  }
}

/**
 * Objects in the watched scopes carrying this app's label and a tracking annotation naming
 * themselves, that git no longer defines (hooks excepted).
 */
export function extraneousObjects(
  conn: ClusterConnection,
  appId: string,
  scopes: Scope[],
  desiredIds: Set<string>,
): ExtraneousResource[] {
  const out = new Map<string, ExtraneousResource>();
  for (const { obj, info, key, id } of labelled(conn, appId, scopes)) {
    if (desiredIds.has(id) || !isTrackedBy(obj, appId, key)) continue;
    // Hooks are created by syncs, not kept as desired state: a finished one is never removed.
    if (isHookObject(obj)) continue;
    out.set(id, {
      id,
      key,
      apiVersion: str(obj, 'apiVersion') ?? '',
      info,
      live: obj,
      ...(hasIgnoreExtraneous(obj) ? { ignoreExtraneous: true } : {}),
    });
  }
  return [...out.values()];
}

/**
 * Hook objects syncs of this app created (its label, a hook annotation), as they are now: a
 * migration Job that ran, with its Pods and their logs. Shown, never compared or pruned.
 */
export function liveHooks(conn: ClusterConnection, appId: string, scopes: Scope[]): LiveHook[] {
  const out = new Map<string, LiveHook>();
  for (const { obj, info, key, id } of labelled(conn, appId, scopes)) {
    const role = hookRole(obj);
    if (role?.type !== 'hook') continue;
    out.set(id, {
      id,
      key,
      apiVersion: str(obj, 'apiVersion') ?? '',
      info,
      live: obj,
      phase: role.phases[0]!,
    });
  }
  return [...out.values()];
}
