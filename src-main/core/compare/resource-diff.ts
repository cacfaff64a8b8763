import { stringify } from 'yaml';
import type { IgnoreRule, ResourceDiff, ResourceKey, SyncStatus } from '../../../src-shared/model';
import type { KubeObject } from '../cluster/kube-object';
import { formatPointer } from '../ignore/json-pointer';
import { differingPointers, withoutIgnored } from '../ignore/ignore-rules';
import { deepEqual, differingPaths, normalise } from './normalise';
import { isSecret, maskSecretPair } from './secret-mask';

export interface ComparisonResult {
  sync: SyncStatus;
  reason?: string;
}

/**
 * `desired` is the server's dry-run answer to applying the manifest (so defaults and mutations are
 * in it), `live` the object as it is. Neither is masked here: only paths leave this function.
 */
export function compareObjects(
  desired: KubeObject | undefined,
  live: KubeObject | undefined,
  dryRunError?: string,
): ComparisonResult {
  if (!live) return { sync: 'Missing', reason: dryRunError ?? 'Not in the cluster' };
  if (dryRunError !== undefined || !desired)
    return { sync: 'Unknown', reason: dryRunError ?? 'No desired state' };
  const a = normalise(desired);
  const b = normalise(live);
  if (deepEqual(a, b)) return { sync: 'Synced' };
  const paths = differingPaths(a, b, 4);
  return { sync: 'OutOfSync', reason: `Differs at ${paths.join(', ')}` };
}

function toYaml(obj: KubeObject | undefined): string {
  return obj ? stringify(obj, { lineWidth: 0, aliasDuplicateObjects: false }) : '';
}

/**
 * Two YAML texts for the side-by-side view, normalised alike (ignored fields left out, as the
 * comparison does) and with Secret values masked, plus the fields that differ as JSON pointers.
 */
export function buildResourceDiff(
  id: string,
  key: ResourceKey,
  desired: KubeObject | undefined,
  live: KubeObject | undefined,
  rules: IgnoreRule[] = [],
): ResourceDiff {
  if (desired && rules.length > 0) ({ desired, live } = withoutIgnored(desired, live, rules));
  let d = desired ? normalise(desired) : undefined;
  let l = live ? normalise(live) : undefined;
  const differing =
    d && l
      ? differingPointers(d, l)
          .map(formatPointer)
          .filter((p) => p !== '')
      : [];
  const fields = differing.length > 0 ? { differingFields: differing } : {};
  if (isSecret(key.group, key.kind)) {
    const masked = maskSecretPair(d, l);
    d = masked.desired;
    l = masked.live;
    return {
      id,
      desiredYaml: toYaml(d),
      liveYaml: toYaml(l),
      changedSecretKeys: masked.changedKeys,
      ...fields,
    };
  }
  return { id, desiredYaml: toYaml(d), liveYaml: toYaml(l), ...fields };
}

/** Compares two objects' equality after normalisation, without a dry run (e.g. for extraneous). */
export function sameAfterNormalise(a: KubeObject, b: KubeObject): boolean {
  return deepEqual(normalise(a), normalise(b));
}
