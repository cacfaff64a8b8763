import type { ResourceKey, SourceRef } from '../../../src-shared/model';

/** kustomize appends "-" and a 10-character hash of the content to generated names. */
const HASHED = /^(.+)-[a-z0-9]{10}$/;

/**
 * Why an object that left git is still in the cluster, when a kustomize generator replaced it: a
 * ConfigMap or Secret named like a generated desired one (same kind, namespace and name before the
 * hash) is the previous generation, which workloads no longer reference once synced.
 */
export function replacedGeneration(
  extraneous: ResourceKey,
  desired: Iterable<{ key: ResourceKey; source?: SourceRef }>,
): string | undefined {
  const old = HASHED.exec(extraneous.name);
  if (!old) return undefined;
  for (const d of desired) {
    if (!d.source?.generated) continue;
    const k = d.key;
    if (k.kind !== extraneous.kind || k.group !== extraneous.group || k.namespace !== extraneous.namespace)
      continue;
    if (k.name !== extraneous.name && HASHED.exec(k.name)?.[1] === old[1])
      return `Generated, replaced by ${k.name}: a generator's content changed its hash`;
  }
  return undefined;
}
