import type { AppSettings } from '../../../src-shared/model';
import { groupOf, resourceId } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import { str } from '../cluster/kube-object';
import type { DesiredObject } from '../manifests/types';
import { syncWave } from '../sync/sync-order';
import type { DesiredResource } from './app-comparer';

/**
 * The app's objects as resources of this cluster: each kind looked up in discovery, the app's
 * namespace filled in for namespaced kinds, duplicates dropped (the first wins), and a kind the
 * cluster does not serve explained unless a CRD in the app defines it.
 */
export async function resolveDesired(
  conn: ClusterConnection,
  app: AppSettings,
  objects: DesiredObject[],
): Promise<DesiredResource[]> {
  const crdKinds = new Set<string>();
  for (const o of objects) {
    if (o.key.group === 'apiextensions.k8s.io' && o.key.kind === 'CustomResourceDefinition') {
      crdKinds.add(`${str(o.body, 'spec.group') ?? ''}/${str(o.body, 'spec.names.kind') ?? ''}`);
    }
  }
  const seen = new Set<string>();
  const out: DesiredResource[] = [];
  for (const o of objects) {
    const version = o.apiVersion.includes('/')
      ? o.apiVersion.slice(o.apiVersion.indexOf('/') + 1)
      : o.apiVersion;
    const group = groupOf(o.apiVersion);
    const info = await conn.discovery.find(group, o.key.kind, version);
    const namespace = info
      ? info.namespaced
        ? o.key.namespace || app.namespace
        : ''
      : o.key.namespace || app.namespace;
    const key = { ...o.key, group, namespace };
    const id = resourceId(key);
    if (seen.has(id)) continue;
    seen.add(id);
    const isCrd = group === 'apiextensions.k8s.io' && o.key.kind === 'CustomResourceDefinition';
    out.push({
      id,
      key,
      apiVersion: o.apiVersion,
      body: o.body,
      source: o.source,
      wave: syncWave(o.body),
      ...(info ? { info } : {}),
      ...(!info && !crdKinds.has(`${group}/${o.key.kind}`)
        ? {
            resolveError: `The cluster does not serve ${o.key.kind} (${o.apiVersion}). Is its CustomResourceDefinition installed?`,
          }
        : {}),
      ...(isCrd
        ? {
            defines: { group: str(o.body, 'spec.group') ?? '', kind: str(o.body, 'spec.names.kind') ?? '' },
          }
        : {}),
    });
  }
  return out;
}
