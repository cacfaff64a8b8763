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

/**
 * The live objects in the watched scopes carrying this app's label, in one walk:
 * - extraneous: those with a tracking annotation naming themselves that git no longer defines
 *   (hooks excepted: they are created by syncs, not kept as desired state, so a finished one is
 *   never removed);
 * - hooks: hook objects syncs of this app created, as they are now (a migration Job that ran, with
 *   its Pods and their logs), shown but never compared or pruned.
 */
export function ownedObjects(
  conn: ClusterConnection,
  appId: string,
  scopes: Scope[],
  desiredIds: Set<string>,
): { extraneous: ExtraneousResource[]; hooks: LiveHook[] } {
  const label = appLabelValue(appId);
  const extraneous = new Map<string, ExtraneousResource>();
  const hooks = new Map<string, LiveHook>();
  for (const s of scopes) {
    for (const obj of conn.live.list(s.info, s.namespace)) {
      if (stringMap(obj, 'metadata.labels')[appLabel] !== label) continue;
      const key = {
        group: s.info.group,
        kind: s.info.kind,
        namespace: str(obj, 'metadata.namespace') ?? '',
        name: str(obj, 'metadata.name') ?? '',
      };
      const id = resourceId(key);
      const entry = { id, key, apiVersion: str(obj, 'apiVersion') ?? '', info: s.info, live: obj };
      const role = hookRole(obj);
      if (role?.type === 'hook') hooks.set(id, { ...entry, phase: role.phases[0]! });
      if (desiredIds.has(id) || !isTrackedBy(obj, appId, key) || isHookObject(obj)) continue;
      extraneous.set(id, { ...entry, ...(hasIgnoreExtraneous(obj) ? { ignoreExtraneous: true } : {}) });
    }
  }
  return { extraneous: [...extraneous.values()], hooks: [...hooks.values()] };
}
