import { isRecord, type KubeObject } from '../cluster/kube-object';
import { revisionAnnotation } from '../sync/tracking';

const droppedMetadata = [
  'managedFields',
  'resourceVersion',
  'uid',
  'generation',
  'creationTimestamp',
  'selfLink',
];
const droppedAnnotations = ['kubectl.kubernetes.io/last-applied-configuration', revisionAnnotation];

/**
 * What is left of an object once server bookkeeping is removed: the part a person wrote or a
 * controller set in spec. Both sides of a comparison go through this, so only real drift remains.
 * The last-applied annotation goes too: it holds a full copy of the object (Secret values included).
 */
export function normalise(obj: KubeObject): KubeObject {
  const out: KubeObject = { ...obj };
  delete out.status;
  if (isRecord(obj.metadata)) {
    const metadata: Record<string, unknown> = { ...obj.metadata };
    for (const k of droppedMetadata) delete metadata[k];
    if (isRecord(metadata.annotations)) {
      const annotations = { ...metadata.annotations };
      for (const k of droppedAnnotations) delete annotations[k];
      if (Object.keys(annotations).length === 0) delete metadata.annotations;
      else metadata.annotations = annotations;
    }
    if (isRecord(metadata.labels) && Object.keys(metadata.labels).length === 0) delete metadata.labels;
    out.metadata = metadata;
  }
  return out;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Dotted paths where two objects differ (array elements as [i]); at most `limit` of them. */
export function differingPaths(a: unknown, b: unknown, limit = 5, prefix = ''): string[] {
  if (deepEqual(a, b)) return [];
  if (isRecord(a) && isRecord(b)) {
    const out: string[] = [];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (out.length >= limit) break;
      out.push(...differingPaths(a[k], b[k], limit - out.length, prefix ? `${prefix}.${k}` : k));
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const out: string[] = [];
    for (let i = 0; i < a.length && out.length < limit; i++)
      out.push(...differingPaths(a[i], b[i], limit - out.length, `${prefix}[${i}]`));
    return out;
  }
  return [prefix || '(root)'];
}
