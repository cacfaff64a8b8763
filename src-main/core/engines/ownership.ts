import { rec } from '../cluster/kube-object';
import { appLabelValue, trackingAnnotation } from '../sync/tracking';

/** The labels kustomize-controller puts on everything a Flux Kustomization applies. */
export const fluxNameLabel = 'kustomize.toolkit.fluxcd.io/name';
export const fluxNamespaceLabel = 'kustomize.toolkit.fluxcd.io/namespace';

/**
 * Who else manages a live object, named so a person can act on it: a Flux Kustomization (its
 * labels), or an Argo CD app / another desktop app (a tracking id naming another app). Undefined
 * when nobody else claims it. This is Argo CD's shared-resource warning, with the owner named.
 */
export function otherOwner(live: unknown, appId: string): string | undefined {
  if (!live) return undefined;
  // Three keys looked up, not whole label and annotation maps copied: every resource of every
  // state passes here, and annotations carry the last applied configuration.
  const labels = rec(live, 'metadata.labels');
  const fluxName = stringAt(labels, fluxNameLabel);
  if (fluxName) {
    const ns = stringAt(labels, fluxNamespaceLabel);
    return `Flux Kustomization ${ns ? `${ns}/` : ''}${fluxName}`;
  }
  const tracking = stringAt(rec(live, 'metadata.annotations'), trackingAnnotation);
  if (tracking) {
    const owner = tracking.split(':')[0] ?? '';
    if (owner && owner !== appLabelValue(appId)) return `Argo CD app ${owner}`;
  }
  return undefined;
}

function stringAt(map: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = map && Object.hasOwn(map, key) ? map[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export interface SharedGuardItem {
  action: string;
  apply: boolean;
  message?: string;
  managedBy?: string;
  resource?: { live?: unknown };
}

/**
 * Marks plan items whose live object another owner manages. Unless the user agreed to change
 * shared objects, such an item is not applied, and its message says who owns it and how to go on.
 */
export function guardShared<T extends SharedGuardItem>(
  items: T[],
  appId: string,
  changeShared: boolean,
): T[] {
  for (const item of items) {
    const owner = otherOwner(item.resource?.live, appId);
    if (!owner) continue;
    item.managedBy = owner;
    if (!item.apply || changeShared || item.action === 'unchanged') continue;
    item.apply = false;
    item.action = 'error';
    item.message = `Managed by ${owner}: a sync would change an object it owns. Confirm "Change objects managed by others" to apply it anyway, or change it through its owner.`;
  }
  return items;
}
