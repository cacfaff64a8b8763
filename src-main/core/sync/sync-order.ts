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

export interface EffectiveWave {
  wave: number;
  /** Set when the item was pulled forward from its own wave, saying for whom. */
  reason?: string;
}

const isNamespace = (key: ResourceKey) => key.group === '' && key.kind === 'Namespace';

/**
 * The author's waves are the contract: a dependent is never moved. A Namespace or CRD that an
 * earlier wave needs is pulled forward to the earliest wave that needs it (Argo CD's rule), so
 * a wave -1 Job in a namespace the app defines at wave 0 still runs before every wave-0 object.
 */
export function effectiveWaves<T extends Orderable>(items: T[]): Map<T, EffectiveWave> {
  const needNs = new Map<string, T>();
  const needKind = new Map<string, T>();
  const earlier = (map: Map<string, T>, k: string, it: T) => {
    const cur = map.get(k);
    if (!cur || it.wave < cur.wave) map.set(k, it);
  };
  for (const it of items) {
    if (it.key.namespace) earlier(needNs, it.key.namespace, it);
    earlier(needKind, `${it.key.group}/${it.key.kind}`, it);
  }
  const out = new Map<T, EffectiveWave>();
  for (const it of items) {
    let need: T | undefined;
    if (isNamespace(it.key)) need = needNs.get(it.key.name);
    else if (it.defines) need = needKind.get(`${it.defines.group}/${it.defines.kind}`);
    if (need && need.wave < it.wave) {
      out.set(it, {
        wave: need.wave,
        reason: `Pulled forward from wave ${it.wave}: ${need.key.kind} ${need.key.name} (wave ${need.wave}) needs it`,
      });
    } else {
      out.set(it, { wave: it.wave });
    }
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

/** Kinds that other objects need to exist first: the only barriers inside a wave. */
export function isFoundation(it: Orderable): boolean {
  return (
    isNamespace(it.key) ||
    it.defines !== undefined ||
    (it.key.group === 'apiextensions.k8s.io' && it.key.kind === 'CustomResourceDefinition')
  );
}

/**
 * Items in apply order: (effective) wave, then a wave's Namespaces and CRDs (what the rest may
 * need), then kind order, then kind, namespace and name for stability.
 */
export function sortForApply<T extends Orderable>(items: T[]): T[] {
  const waves = effectiveWaves(items);
  const first = (it: T) => (isFoundation(it) ? 0 : 1);
  return [...items].sort(
    (a, b) => waves.get(a)!.wave - waves.get(b)!.wave || first(a) - first(b) || compareKeys(a.key, b.key),
  );
}

export interface ApplyStep<T> {
  wave: number;
  items: T[];
}

/**
 * Groups items into steps that may run concurrently. Order only matters where something must
 * exist first: per wave, its Namespaces and CRDs form one step and everything else the next
 * (Argo CD applies a wave's objects together; kind order decides only the listing order).
 */
export function applySteps<T extends Orderable>(items: T[]): ApplyStep<T>[] {
  const waves = effectiveWaves(items);
  const steps: ApplyStep<T>[] = [];
  let last: { wave: number; foundation: boolean } | undefined;
  for (const it of sortForApply(items)) {
    const wave = waves.get(it)!.wave;
    const foundation = isFoundation(it);
    if (!last || last.wave !== wave || last.foundation !== foundation) {
      steps.push({ wave, items: [] });
      last = { wave, foundation };
    }
    steps[steps.length - 1]!.items.push(it);
  }
  return steps;
}

/** Prune runs after everything else, in reverse apply order (workloads before their config). */
export function sortForPrune<T extends Orderable>(items: T[]): T[] {
  return sortForApply(items).reverse();
}
