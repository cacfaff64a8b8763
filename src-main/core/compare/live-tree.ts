import type { ResourceKey } from '../../../src-shared/model';
import { resourceId } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import { records, str, type KubeObject } from '../cluster/kube-object';

export interface ChildObject {
  id: string;
  key: ResourceKey;
  apiVersion: string;
  parentId: string;
  live: KubeObject;
}

export interface TreeRoot {
  id: string;
  key: ResourceKey;
  live?: KubeObject;
}

// What a workload creates, looked up by owner reference: Deployment → ReplicaSet → Pod,
// CronJob → Job → Pod, StatefulSet / DaemonSet → Pod.
const childKinds: Record<string, { group: string; kind: string }[]> = {
  'apps/Deployment': [{ group: 'apps', kind: 'ReplicaSet' }],
  'apps/ReplicaSet': [{ group: '', kind: 'Pod' }],
  'apps/StatefulSet': [{ group: '', kind: 'Pod' }],
  'apps/DaemonSet': [{ group: '', kind: 'Pod' }],
  'batch/Job': [{ group: '', kind: 'Pod' }],
  'batch/CronJob': [{ group: 'batch', kind: 'Job' }],
};

/** Whether objects of this kind own others (a Deployment its ReplicaSets...). */
export function hasChildKinds(group: string, kind: string): boolean {
  return childKinds[`${group}/${kind}`] !== undefined;
}

export async function childInfos(
  conn: ClusterConnection,
  group: string,
  kind: string,
  depth = 0,
): Promise<ApiResource[]> {
  const out: ApiResource[] = [];
  for (const c of childKinds[`${group}/${kind}`] ?? []) {
    const info = await conn.discovery.find(c.group, c.kind);
    if (info) out.push(info, ...(depth < 2 ? await childInfos(conn, c.group, c.kind, depth + 1) : []));
  }
  return out;
}

/** Watches the child kinds in the namespaces where the roots have workloads; returns their scope keys. */
export async function watchChildren(conn: ClusterConnection, roots: TreeRoot[]): Promise<string[]> {
  const wanted = new Map<string, { info: ApiResource; namespace: string }>();
  for (const r of roots) {
    if (!r.live || !r.key.namespace) continue;
    for (const info of await childInfos(conn, r.key.group, r.key.kind)) {
      wanted.set(`${info.group}/${info.resource}/${r.key.namespace}`, { info, namespace: r.key.namespace });
    }
  }
  // A user who may not list pods still sees the rest of the app: failures stay in the watch state.
  await Promise.all(
    [...wanted.values()].map((w) => conn.live.ensure(w.info, w.namespace).catch(() => undefined)),
  );
  return [...wanted.keys()];
}

/** The child objects of the roots (found by owner references), each pointing at its parent. */
export async function childrenOf(conn: ClusterConnection, roots: TreeRoot[]): Promise<ChildObject[]> {
  const out: ChildObject[] = [];
  // Objects of a kind in a namespace by owner uid, indexed once: scanning the whole list for every
  // parent made a namespace of 500 Deployments cost 500 copies of the ReplicaSet list.
  const byOwner = new Map<string, Map<string, KubeObject[]>>();
  const ownedBy = (info: ApiResource, namespace: string, uid: string): KubeObject[] => {
    const scope = `${info.group}/${info.resource}/${namespace}`;
    let index = byOwner.get(scope);
    if (!index) {
      index = new Map();
      for (const obj of conn.live.list(info, namespace)) {
        for (const owner of new Set(records(obj, 'metadata.ownerReferences').map((o) => o.uid))) {
          if (typeof owner !== 'string') continue;
          const list = index.get(owner);
          if (list) list.push(obj);
          else index.set(owner, [obj]);
        }
      }
      byOwner.set(scope, index);
    }
    return index.get(uid) ?? [];
  };
  const visit = async (parentId: string, parent: KubeObject, group: string, kind: string, depth: number) => {
    const uid = str(parent, 'metadata.uid');
    const namespace = str(parent, 'metadata.namespace') ?? '';
    if (!uid || depth > 3) return;
    for (const c of childKinds[`${group}/${kind}`] ?? []) {
      const info = await conn.discovery.find(c.group, c.kind);
      if (!info) continue;
      for (const obj of ownedBy(info, namespace, uid)) {
        const key = { group: c.group, kind: c.kind, namespace, name: str(obj, 'metadata.name') ?? '' };
        const id = resourceId(key);
        out.push({ id, key, apiVersion: str(obj, 'apiVersion') ?? info.version, parentId, live: obj });
        await visit(id, obj, c.group, c.kind, depth + 1);
      }
    }
  };
  for (const r of roots) {
    if (r.live) await visit(r.id, r.live, r.key.group, r.key.kind, 0);
  }
  return out;
}
