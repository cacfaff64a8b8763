import { parse, stringify } from 'yaml';

/** Keys a person reads first; everything else follows alphabetically, at every depth. */
const topOrder = ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'stringData', 'type'];
const metadataOrder = ['name', 'generateName', 'namespace', 'labels', 'annotations'];

/** Fields the cluster or the tooling writes: noise when reading what changed. */
const bookkeepingFields = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
];
const bookkeepingAnnotation =
  /^(gitops-desktop\/|argocd\.argoproj\.io\/tracking-id$|kubectl\.kubernetes\.io\/last-applied-configuration$|deployment\.kubernetes\.io\/revision$)/;
const bookkeepingLabel = /^gitops-desktop\//;

function rank(order: string[], key: string): number {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

function sortDeep(value: unknown, order: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((v) => sortDeep(v));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(
    ([a], [b]) => rank(order, a) - rank(order, b) || a.localeCompare(b),
  );
  return Object.fromEntries(entries.map(([k, v]) => [k, sortDeep(v, k === 'metadata' ? metadataOrder : [])]));
}

function dropBookkeeping(obj: Record<string, unknown>): void {
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (!meta || typeof meta !== 'object') return;
  for (const f of bookkeepingFields) delete meta[f];
  for (const [field, pattern] of [
    ['annotations', bookkeepingAnnotation],
    ['labels', bookkeepingLabel],
  ] as const) {
    const map = meta[field] as Record<string, unknown> | undefined;
    if (!map || typeof map !== 'object') continue;
    for (const k of Object.keys(map)) {
      if (pattern.test(k)) delete map[k];
    }
    if (Object.keys(map).length === 0) delete meta[field];
  }
}

/**
 * The same canonical key order on both sides, so a field the server re-ordered never reads as a
 * change; optionally without the bookkeeping metadata. Text that does not parse is left as it is.
 */
export function normaliseYaml(text: string, hideBookkeeping: boolean): string {
  if (!text.trim()) return text;
  let value: unknown;
  try {
    value = parse(text);
  } catch {
    return text;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return text;
  if (hideBookkeeping) dropBookkeeping(value as Record<string, unknown>);
  return stringify(sortDeep(value, topOrder), { lineWidth: 0 });
}
