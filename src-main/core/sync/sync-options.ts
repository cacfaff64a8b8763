import { stringMap } from '../cluster/kube-object';

export const syncOptionsAnnotation = 'argocd.argoproj.io/sync-options';

/** Argo CD's per-object sync options: `argocd.argoproj.io/sync-options: Prune=false,Validate=false`. */
export function objectSyncOptions(obj: unknown): Map<string, string> {
  const raw = stringMap(obj, 'metadata.annotations')[syncOptionsAnnotation] ?? '';
  const out = new Map<string, string>();
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.set(
      part.slice(0, eq).trim().toLowerCase(),
      part
        .slice(eq + 1)
        .trim()
        .toLowerCase(),
    );
  }
  return out;
}

/**
 * `Prune=false` on the live object: the author asked that a sync never delete it, even once it
 * is gone from git. The live object carries the annotation from its last apply.
 */
export function pruneDisabled(live: unknown): boolean {
  return objectSyncOptions(live).get('prune') === 'false';
}
