import { isRecord, stringMap, type KubeObject } from '../cluster/kube-object';
import { elementNode, fieldsOwnedBy, type FieldsNode } from '../ignore/managed-fields';
import { appLabel, fieldManager, revisionAnnotation, trackingAnnotation } from '../sync/tracking';
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

/**
 * Every field in `set` is present in `value`. List items are found by their keys in `live`, where
 * the server filled in defaulted key fields (a port's protocol), and git's item at the same place
 * is the one that wrote it: `value` is a subset of `live` item by item, lists of equal length.
 */
function covers(value: unknown, live: unknown, set: FieldsNode): boolean {
  for (const [k, child] of Object.entries(set)) {
    if (k === '.' || !isRecord(child)) continue;
    let next: unknown;
    let nextLive: unknown;
    if (k.startsWith('f:')) {
      const name = k.slice(2);
      if (!isRecord(value) || !Object.prototype.hasOwnProperty.call(value, name)) return false;
      next = value[name];
      nextLive = isRecord(live) ? live[name] : undefined;
    } else if (Array.isArray(value) && Array.isArray(live)) {
      const i = live.findIndex((el, j) => elementNode({ [k]: child }, el, j) === child);
      if (i < 0 || i >= value.length) return false;
      next = value[i];
      nextLive = live[i];
    } else {
      return false;
    }
    if (Object.keys(child).length > 0 && !covers(next, nextLive, child)) return false;
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
    live,
    fieldsOwnedBy(live, (m) => m === fieldManager),
  );
}

/**
 * What a server-side apply of `desired` would leave, when that is known without asking: `live`
 * itself when nothing would change, or `live` carrying this app's tracking marks instead of
 * another app's when that is the only difference (an app opened over objects another app applied
 * with the same field manager: the mark keys are the same fields, only their values change).
 * Undefined when only the server can tell (a dry run).
 */
export function predictedApply(desired: KubeObject, live: KubeObject): KubeObject | undefined {
  if (unchangedByApply(desired, live)) return live;
  const retagged = withMarksOf(desired, live);
  return retagged && unchangedByApply(desired, retagged) ? retagged : undefined;
}

/** `live` with the tracking label and annotation values of `desired`, when both carry both keys. */
function withMarksOf(desired: KubeObject, live: KubeObject): KubeObject | undefined {
  const label = stringMap(desired, 'metadata.labels')[appLabel];
  const tracking = stringMap(desired, 'metadata.annotations')[trackingAnnotation];
  const liveLabels = stringMap(live, 'metadata.labels');
  const liveAnnotations = stringMap(live, 'metadata.annotations');
  if (label === undefined || tracking === undefined) return undefined;
  if (liveLabels[appLabel] === undefined || liveAnnotations[trackingAnnotation] === undefined)
    return undefined;
  if (liveLabels[appLabel] === label && liveAnnotations[trackingAnnotation] === tracking) return undefined;
  const meta = live.metadata as Record<string, unknown>;
  return {
    ...live,
    metadata: {
      ...meta,
      labels: { ...(meta.labels as object), [appLabel]: label },
      annotations: { ...(meta.annotations as object), [trackingAnnotation]: tracking },
    },
  };
}
