import { groupOf, versionOf } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';

/** The cluster's resource type for an object's apiVersion and kind; undefined when not served. */
export function servedType(
  conn: ClusterConnection,
  obj: { apiVersion?: unknown; kind?: unknown },
): Promise<ApiResource | undefined> {
  const apiVersion = String(obj.apiVersion ?? '');
  return conn.discovery.find(groupOf(apiVersion), String(obj.kind ?? ''), versionOf(apiVersion));
}
