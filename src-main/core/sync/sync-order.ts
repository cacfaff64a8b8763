import type { ResourceKey } from '../../../src-shared/model';
import { stringMap } from '../cluster/kube-object';

import { kindRank } from '../../../src-shared/kind-order';

export { kindRank };
export const syncWaveAnnotation = 'argocd.argoproj.io/sync-wave';

/** The sync-wave annotation as an integer; 0 when absent or not a number (as Argo CD does). */
export function syncWave(body: unknown): number {
  const raw = stringMap(body, 'metadata.annotations')[syncWaveAnnotation];
  if (raw === undefined) return 0;
  const n = Number.parseInt(raw.trim(), 10);
  return Number.isFinite(n) ? n : 0;
}

export interface Orderable {
  key: ResourceKey;
  wave: number;
  /** For a CustomResourceDefinition: the group and kind it defines. */
  defines?: { group: string; kind: string };
}

/**
 * A Namespace must exist before what lives in it and a CRD before its custom resources, whatever
 * waves the author wrote: a dependent is moved to its dependency's wave when that one is later.
 */
export function effectiveWaves<T extends Orderable>(items: T[]): Map<T, number> {
  const nsWave = new Map<string, number>();
  const crdWave = new Map<string, number>();
  for (const it of items) {
    if (it.key.group === '' && it.key.kind === 'Namespace') nsWave.set(it.key.name, it.wave);
    if (it.defines) crdWave.set(`${it.defines.group}/${it.defines.kind}`, it.wave);
  }
  const out = new Map<T, number>();
  for (const it of items) {
    let wave = it.wave;
    if (it.key.namespace) wave = Math.max(wave, nsWave.get(it.key.namespace) ?? wave);
    wave = Math.max(wave, crdWave.get(`${it.key.group}/${it.key.kind}`) ?? wave);
    out.set(it, wave);
  }
  return out;
}

function compareKeys(a: ResourceKey, b: ResourceKey): number {
  return (
    kindRank(a) - kindRank(b) ||
    a.kind.localeCompare(b.kind) ||
    a.namespace.localeCompare(b.namespace) ||
    a.name.localeCompare(b.name)
  );
}

/** Items in apply order: wave, then kind order, then kind, namespace and name for stability. */
export function sortForApply<T extends Orderable>(items: T[]): T[] {
  const waves = effectiveWaves(items);
  return [...items].sort((a, b) => waves.get(a)! - waves.get(b)! || compareKeys(a.key, b.key));
}

export interface ApplyStep<T> {
  wave: number;
  items: T[];
}

/**
 * Groups items into steps that may run concurrently: one step per (wave, kind rank). Kinds Argo CD
 * orders explicitly stay sequential; all "other" kinds of a wave share one step.
 */
export function applySteps<T extends Orderable>(items: T[]): ApplyStep<T>[] {
  const waves = effectiveWaves(items);
  const steps: ApplyStep<T>[] = [];
  let last: { wave: number; rank: number } | undefined;
  for (const it of sortForApply(items)) {
    const wave = waves.get(it)!;
    const rank = kindRank(it.key);
    if (!last || last.wave !== wave || last.rank !== rank) {
      steps.push({ wave, items: [] });
      last = { wave, rank };
    }
    steps[steps.length - 1]!.items.push(it);
  }
  return steps;
}

/** Prune runs after everything else, in reverse apply order (workloads before their config). */
export function sortForPrune<T extends Orderable>(items: T[]): T[] {
  return sortForApply(items).reverse();
}
