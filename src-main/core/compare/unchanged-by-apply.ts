import { isRecord, stringMap, type KubeObject } from '../cluster/kube-object';
import { elementNode, fieldsOwnedBy, type FieldsNode } from '../ignore/managed-fields';
import { fieldManager, revisionAnnotation } from '../sync/tracking';
import { deepEqual, normalise } from './normalise';

/** Every value in `a` is in `b` at the same place (maps may hold more; lists must match in length). */
function isSubset(a: unknown, b: unknown): boolean {
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    for (const [k, v] of Object.entries(a)) {
      if (!Object.prototype.hasOwnProperty.call(b, k) || !isSubset(v, b[k])) return false;
    }
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => isSubset(v, b[i]));
  }
  return deepEqual(a, b);
}

/** Every field in `set` is present in `value` (list items found by their keys, as the server does). */
function covers(value: unknown, set: FieldsNode): boolean {
  for (const [k, child] of Object.entries(set)) {
    if (k === '.' || !isRecord(child)) continue;
    let next: unknown;
    if (k.startsWith('f:')) {
      const name = k.slice(2);
      if (!isRecord(value) || !Object.prototype.hasOwnProperty.call(value, name)) return false;
      next = value[name];
    } else if (Array.isArray(value)) {
      next = value.find((el, i) => elementNode({ [k]: child }, el, i) === child);
      if (next === undefined) return false;
    } else {
      return false;
    }
    if (Object.keys(child).length > 0 && !covers(next, child)) return false;
  }
  return true;
}

/**
 * Whether server-side applying `desired` (with its tracking marks) would leave `live` exactly as
 * it is, decided without asking the server: every value written in git is already live, and every
 * field this app owns in the live object is still written in git (an owned field left out would
 * be removed by the apply). Anything else, a value the server would default or convert, a list the
 * server would merge, goes to a dry run as before. A resource that is in sync, the common case,
 * then costs no request: this is what makes a first load and a hard refresh fast.
 */
export function unchangedByApply(desired: KubeObject, live: KubeObject): boolean {
  if (!isSubset(normalise(desired), normalise(live))) return false;
  // The revision mark is written by syncs only; comparisons leave it out on both sides.
  const revision = stringMap(live, 'metadata.annotations')[revisionAnnotation];
  const meta = isRecord(desired.metadata) ? desired.metadata : {};
  const annotations = isRecord(meta.annotations) ? meta.annotations : {};
  const written = revision
    ? { ...desired, metadata: { ...meta, annotations: { ...annotations, [revisionAnnotation]: revision } } }
    : desired;
  return covers(
    written,
    fieldsOwnedBy(live, (m) => m === fieldManager),
  );
}
