import type { IgnoreRule, ResourceKey } from '../../../src-shared/model';

/**
 * The app's rules with `pointer` ignored for this one resource: added to the rule that already
 * targets exactly this resource, or as a new rule.
 */
export function withIgnoredField(
  rules: IgnoreRule[] | undefined,
  key: ResourceKey,
  pointer: string,
): IgnoreRule[] {
  const list = rules ?? [];
  const target = (r: IgnoreRule) =>
    r.group === key.group &&
    r.kind === key.kind &&
    r.name === key.name &&
    (r.namespace ?? '') === key.namespace;
  const existing = list.findIndex(target);
  if (existing >= 0) {
    const r = list[existing]!;
    if (r.jsonPointers?.includes(pointer)) return list;
    return list.map((x, i) =>
      i === existing ? { ...x, jsonPointers: [...(x.jsonPointers ?? []), pointer] } : x,
    );
  }
  return [
    ...list,
    {
      group: key.group,
      kind: key.kind,
      name: key.name,
      ...(key.namespace ? { namespace: key.namespace } : {}),
      jsonPointers: [pointer],
    },
  ];
}
