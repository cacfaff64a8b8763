import type { IgnoreRule, ResourceKey } from '../../../src-shared/model';
import { isRecord, stringMap, type KubeObject } from '../cluster/kube-object';
import { deepEqual } from '../compare/normalise';
import { appLabel, fieldManager, revisionAnnotation, trackingAnnotation } from '../sync/tracking';
import { parsePointer, pointerProblem, removeAt } from './json-pointer';
import { fieldsOwnedBy, managedEntries, ownsPath, removeFields } from './managed-fields';

/** Argo CD's annotation; `IgnoreExtraneous` keeps an extraneous object out of the app's status. */
export const compareOptionsAnnotation = 'argocd.argoproj.io/compare-options';

export function hasIgnoreExtraneous(live: KubeObject | undefined): boolean {
  const value = stringMap(live, 'metadata.annotations')[compareOptionsAnnotation];
  return (
    value !== undefined &&
    value
      .split(',')
      .map((s) => s.trim())
      .includes('IgnoreExtraneous')
  );
}

/** `*` matches any run of characters; everything else literally. */
function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const re = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${re.join('.*')}$`).test(value);
}

/** The rules that apply to one resource. */
export function rulesFor(rules: readonly IgnoreRule[] | undefined, key: ResourceKey): IgnoreRule[] {
  if (!rules || rules.length === 0) return [];
  return rules.filter(
    (r) =>
      globMatch(r.group, key.group) &&
      globMatch(r.kind, key.kind) &&
      (r.name === undefined || globMatch(r.name, key.name)) &&
      (r.namespace === undefined || globMatch(r.namespace, key.namespace)),
  );
}

/** The first thing wrong with a list of rules, in words the settings dialog can show. */
export function rulesProblem(rules: readonly IgnoreRule[]): string | undefined {
  for (const [i, r] of rules.entries()) {
    const which = `Ignore rule ${i + 1} (${r.kind || '?'})`;
    if (!r.kind) return `${which}: the kind is empty. Use "*" for every kind.`;
    const pointers = r.jsonPointers ?? [];
    const managers = r.managedFieldsManagers ?? [];
    if (pointers.length === 0 && managers.length === 0)
      return `${which}: name at least one JSON pointer or field manager.`;
    for (const p of pointers) {
      const problem = pointerProblem(p);
      if (problem) return `${which}: ${problem}.`;
    }
    for (const m of managers) {
      if (!m.trim()) return `${which}: a field manager name is empty.`;
    }
  }
  return undefined;
}

/** Rules as stored: trimmed, empty optional parts dropped. */
export function cleanRules(rules: readonly IgnoreRule[]): IgnoreRule[] {
  return rules.map((r) => {
    const pointers = (r.jsonPointers ?? []).map((p) => p.trim()).filter(Boolean);
    const managers = (r.managedFieldsManagers ?? []).map((m) => m.trim()).filter(Boolean);
    return {
      group: r.group.trim(),
      kind: r.kind.trim(),
      ...(r.name?.trim() ? { name: r.name.trim() } : {}),
      ...(r.namespace?.trim() ? { namespace: r.namespace.trim() } : {}),
      ...(pointers.length ? { jsonPointers: pointers } : {}),
      ...(managers.length ? { managedFieldsManagers: managers } : {}),
    };
  });
}

function pointerTokens(rules: readonly IgnoreRule[]): string[][] {
  const out: string[][] = [];
  for (const r of rules) {
    for (const p of r.jsonPointers ?? []) {
      const tokens = parsePointer(p);
      if (tokens && tokens.length > 0) out.push(tokens);
    }
  }
  return out;
}

function managerNames(rules: readonly IgnoreRule[]): Set<string> {
  return new Set(rules.flatMap((r) => r.managedFieldsManagers ?? []));
}

/**
 * Both sides of a comparison without the ignored fields (Argo CD normalises both the same way).
 * Fields owned by a named manager are read from the live object's managedFields and removed from
 * both sides by key, so a list ordered differently in git still loses the same items.
 */
export function withoutIgnored(
  desired: KubeObject,
  live: KubeObject | undefined,
  rules: readonly IgnoreRule[],
): { desired: KubeObject; live: KubeObject | undefined } {
  if (rules.length === 0) return { desired, live };
  let d: unknown = desired;
  let l: unknown = live;
  for (const tokens of pointerTokens(rules)) {
    d = removeAt(d, tokens);
    if (l) l = removeAt(l, tokens);
  }
  const managers = managerNames(rules);
  if (managers.size > 0 && live) {
    const owned = fieldsOwnedBy(live, (m) => managers.has(m));
    d = removeFields(d, owned);
    l = removeFields(l, owned);
  }
  return { desired: d as KubeObject, live: l as KubeObject | undefined };
}

const trackingMarks = new Set([appLabel, trackingAnnotation, revisionAnnotation]);

/** What must reach the server whatever the rules say: identity and this app's tracking marks. */
function keepIdentity(stripped: KubeObject, body: KubeObject): KubeObject {
  const out: KubeObject = { ...stripped, apiVersion: body.apiVersion, kind: body.kind };
  const meta = isRecord(body.metadata) ? body.metadata : {};
  const kept = isRecord(stripped.metadata) ? { ...stripped.metadata } : {};
  for (const k of ['name', 'namespace']) {
    if (meta[k] !== undefined) kept[k] = meta[k];
  }
  for (const k of ['labels', 'annotations']) {
    const original = isRecord(meta[k]) ? meta[k] : undefined;
    if (!original) continue;
    const current = isRecord(kept[k]) ? kept[k] : {};
    const marks = Object.fromEntries(Object.entries(original).filter(([name]) => trackingMarks.has(name)));
    kept[k] = { ...current, ...marks };
  }
  out.metadata = kept;
  return out;
}

/**
 * The apply body without the ignored fields that another field manager holds in the live object
 * (Argo CD's RespectIgnoreDifferences, for server-side apply). Leaving such a field out means the
 * sync neither resets it nor conflicts with its owner (an HPA keeps `spec.replicas`). A field only
 * this app owns stays in: dropping it from an apply would make the server delete it. A new object
 * (no live one) is applied whole.
 */
export function stripIgnoredForApply(
  body: KubeObject,
  live: KubeObject | undefined,
  rules: readonly IgnoreRule[],
): KubeObject {
  if (!live || rules.length === 0) return body;
  const others = managedEntries(live).filter((e) => e.manager !== fieldManager);
  if (others.length === 0) return body;
  const othersSet = fieldsOwnedBy(live, (m) => m !== fieldManager);
  let out: unknown = body;
  for (const tokens of pointerTokens(rules)) {
    if (ownsPath(othersSet, live, tokens)) out = removeAt(out, tokens);
  }
  const managers = managerNames(rules);
  managers.delete(fieldManager);
  if (managers.size > 0)
    out = removeFields(
      out,
      fieldsOwnedBy(live, (m) => managers.has(m)),
    );
  if (out === body) return body;
  return keepIdentity(out as KubeObject, body);
}

/** JSON pointers (at most `limit`) where two objects differ: the candidates for "ignore this field". */
export function differingPointers(a: unknown, b: unknown, limit = 20, prefix: string[] = []): string[][] {
  if (deepEqual(a, b)) return [];
  if (isRecord(a) && isRecord(b)) {
    const out: string[][] = [];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (out.length >= limit) break;
      out.push(...differingPointers(a[k], b[k], limit - out.length, [...prefix, k]));
    }
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    const out: string[][] = [];
    for (let i = 0; i < a.length && out.length < limit; i++)
      out.push(...differingPointers(a[i], b[i], limit - out.length, [...prefix, String(i)]));
    return out;
  }
  return [prefix];
}
