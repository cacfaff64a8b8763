import type { ResourceKey } from './model';

/**
 * One stable string per object, used as the resource id everywhere (state, diff, sync, UI).
 * Form: "group/Kind/namespace/name" with '' for the core group and for cluster-scoped objects.
 */
export function resourceId(key: ResourceKey): string {
  return `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
}

export function parseResourceId(id: string): ResourceKey | null {
  const parts = id.split('/');
  if (parts.length !== 4) return null;
  const [group, kind, namespace, name] = parts as [string, string, string, string];
  if (!kind || !name) return null;
  return { group, kind, namespace, name };
}

/** "apps/v1" -> "apps", "v1" -> "" */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** "apps/v1" -> "v1", "v1" -> "v1" */
export function versionOf(apiVersion: string): string {
  return apiVersion.slice(apiVersion.indexOf('/') + 1);
}

export function describeKey(key: ResourceKey): string {
  return `${key.kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name}`;
}
