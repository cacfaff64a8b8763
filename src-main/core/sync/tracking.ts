import type { ResourceKey } from '../../../src-shared/model';
import { isRecord, stringMap } from '../cluster/kube-object';

/** Argo CD's annotation tracking, so a team can hand the app over to Argo CD without churn. */
export const trackingAnnotation = 'argocd.argoproj.io/tracking-id';
/** A label as well, because the cluster can only be queried by label selector. */
export const appLabel = 'gitops-desktop/app';
export const revisionAnnotation = 'gitops-desktop/revision';
export const fieldManager = 'gitops-desktop';

/**
 * Argo CD's format: `<app>:<group>/<kind>:<namespace>/<name>`. The app part is the app id (a slug
 * of its name plus a random suffix): unique, and stable when the app is renamed.
 */
export function trackingId(appId: string, key: ResourceKey): string {
  return `${appLabelValue(appId)}:${key.group}/${key.kind}:${key.namespace}/${key.name}`;
}

/** Label values are limited to 63 characters of [A-Za-z0-9-_.], starting and ending alphanumeric. */
export function appLabelValue(appId: string): string {
  const cleaned = appId
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return cleaned || 'app';
}

export function appSelector(appId: string): string {
  return `${appLabel}=${appLabelValue(appId)}`;
}

/**
 * Returns a copy of the manifest carrying our tracking mark and revision. Only metadata is
 * touched: everything else goes to the server exactly as written.
 */
export function withTracking(
  body: Record<string, unknown>,
  appId: string,
  key: ResourceKey,
  revision?: string,
): Record<string, unknown> {
  const metadata = isRecord(body.metadata) ? { ...body.metadata } : {};
  metadata.labels = {
    ...(isRecord(metadata.labels) ? metadata.labels : {}),
    [appLabel]: appLabelValue(appId),
  };
  metadata.annotations = {
    ...(isRecord(metadata.annotations) ? metadata.annotations : {}),
    [trackingAnnotation]: trackingId(appId, key),
    ...(revision ? { [revisionAnnotation]: revision } : {}),
  };
  if (key.namespace && !metadata.namespace) metadata.namespace = key.namespace;
  return { ...body, metadata };
}

/**
 * True only when the live object carries both our label and a tracking annotation that names this
 * app and this very object: a copied label alone never makes something prunable.
 */
export function isTrackedBy(live: unknown, appId: string, key: ResourceKey): boolean {
  const labels = stringMap(live, 'metadata.labels');
  const annotations = stringMap(live, 'metadata.annotations');
  return (
    labels[appLabel] === appLabelValue(appId) && annotations[trackingAnnotation] === trackingId(appId, key)
  );
}
