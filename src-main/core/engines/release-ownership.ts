import type { ClusterConnection } from '../cluster/cluster-connection';
import { records, str, type KubeObject } from '../cluster/kube-object';
import { resourcePath } from '../cluster/resource-client';
import { servedType } from './served-type';

/**
 * Drops `manager`'s entries from each live object's managedFields, so the engine's server-side
 * apply becomes the fields' only owner. The objects themselves (and their uids) are untouched:
 * only the bookkeeping of who owns what changes. The patch is guarded by the resourceVersion, so
 * a concurrent change is never overwritten; such an object is simply left co-owned.
 */
export async function releaseOwnership(
  conn: ClusterConnection,
  objects: KubeObject[],
  manager: string,
): Promise<number> {
  let released = 0;
  for (const obj of objects) {
    const entries = records(obj, 'metadata.managedFields');
    const kept = entries.filter((e) => e.manager !== manager);
    if (kept.length === entries.length) continue;
    const info = await servedType(conn, obj);
    if (!info) continue;
    const ns = str(obj, 'metadata.namespace') ?? '';
    const name = str(obj, 'metadata.name') ?? '';
    // An empty list would mean "leave managedFields alone"; a lone placeholder entry clears it.
    const next = kept.length > 0 ? kept : [{}];
    const patch = [
      { op: 'test', path: '/metadata/resourceVersion', value: str(obj, 'metadata.resourceVersion') },
      { op: 'replace', path: '/metadata/managedFields', value: next },
    ];
    const res = await conn.http.request({
      method: 'PATCH',
      path: resourcePath(info, ns, name),
      body: JSON.stringify(patch),
      contentType: 'application/json-patch+json',
      timeoutMs: 30_000,
    });
    if (res.status < 300) released++;
  }
  return released;
}
