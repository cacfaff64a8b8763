import { isRecord, type KubeObject } from '../cluster/kube-object';
import { deepEqual } from '../compare/normalise';

/**
 * The server's record of who owns which field (`metadata.managedFields[].fieldsV1`), read the way
 * structured-merge-diff writes it: `f:<field>` for a map field, `k:<json>` for a list item found by
 * its key fields, `v:<json>` for a set member, `i:<n>` for a list index, and `.` for "this path
 * itself". A node that is empty or holds `.` is a member of the set (owned as a whole).
 */
export type FieldsNode = Record<string, unknown>;

export function isMember(node: FieldsNode): boolean {
  return Object.keys(node).length === 0 || Object.prototype.hasOwnProperty.call(node, '.');
}

interface ManagedEntry {
  manager: string;
  fields: FieldsNode;
}

export function managedEntries(live: KubeObject | undefined): ManagedEntry[] {
  const metadata = live?.metadata;
  if (!isRecord(metadata) || !Array.isArray(metadata.managedFields)) return [];
  const out: ManagedEntry[] = [];
  for (const e of metadata.managedFields) {
    if (!isRecord(e) || typeof e.manager !== 'string' || !isRecord(e.fieldsV1)) continue;
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1') continue;
    out.push({ manager: e.manager, fields: e.fieldsV1 });
  }
  return out;
}

/** Deep union of field sets (one manager may have an Apply and an Update entry). */
export function mergeFields(nodes: FieldsNode[]): FieldsNode {
  const out: FieldsNode = {};
  for (const node of nodes) {
    for (const [k, v] of Object.entries(node)) {
      if (!isRecord(v)) continue;
      const prev = out[k];
      out[k] = isRecord(prev) ? mergeFields([prev, v]) : mergeFields([v]);
    }
  }
  return out;
}

/** The fields owned by the managers `pick` selects, as one set. */
export function fieldsOwnedBy(live: KubeObject | undefined, pick: (manager: string) => boolean): FieldsNode {
  return mergeFields(
    managedEntries(live)
      .filter((e) => pick(e.manager))
      .map((e) => e.fields),
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The child node of a list `node` that describes `element` (at `index`), if any. */
export function elementNode(node: FieldsNode, element: unknown, index: number): FieldsNode | undefined {
  for (const [k, child] of Object.entries(node)) {
    if (!isRecord(child)) continue;
    if (k.startsWith('k:')) {
      const keys = parseJson(k.slice(2));
      if (!isRecord(keys) || !isRecord(element)) continue;
      if (Object.entries(keys).every(([field, v]) => deepEqual(element[field], v))) return child;
    } else if (k.startsWith('v:')) {
      if (deepEqual(parseJson(k.slice(2)), element)) return child;
    } else if (k.startsWith('i:')) {
      if (Number(k.slice(2)) === index) return child;
    }
  }
  return undefined;
}

/**
 * A copy of `value` without the members of `set` (structured-merge-diff's RemoveItems on plain
 * JSON). List items are matched by their keys, so the same set applies to the live object and to
 * the desired one even when their lists are ordered differently.
 */
export function removeFields(value: unknown, set: FieldsNode): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const out: unknown[] = [];
    value.forEach((el, i) => {
      const child = elementNode(set, el, i);
      if (!child) {
        out.push(el);
        return;
      }
      changed = true;
      if (!isMember(child)) out.push(removeFields(el, child));
    });
    return changed ? out : value;
  }
  if (!isRecord(value)) return value;
  let out: Record<string, unknown> | undefined;
  for (const [k, child] of Object.entries(set)) {
    if (!k.startsWith('f:') || !isRecord(child)) continue;
    const name = k.slice(2);
    if (!Object.prototype.hasOwnProperty.call(value, name)) continue;
    out ??= { ...value };
    if (isMember(child)) delete out[name];
    else out[name] = removeFields(value[name], child);
  }
  return out ?? value;
}

/**
 * Whether `set` owns the field at `tokens` (JSON pointer tokens, read against `live`): the field
 * itself, something below it, or an atomic ancestor (an empty node owns everything beneath).
 */
export function ownsPath(set: FieldsNode, live: unknown, tokens: readonly string[]): boolean {
  let node = set;
  let value = live;
  for (const token of tokens) {
    let child: unknown;
    if (Array.isArray(value)) {
      const i = Number(token);
      if (!Number.isInteger(i) || i < 0 || i >= value.length) return false;
      child = elementNode(node, value[i], i);
      value = value[i];
    } else {
      child = node[`f:${token}`];
      value = isRecord(value) ? value[token] : undefined;
    }
    if (!isRecord(child)) return false;
    if (Object.keys(child).length === 0) return true;
    node = child;
  }
  return true;
}
