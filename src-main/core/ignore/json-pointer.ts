import { isRecord } from '../cluster/kube-object';

/**
 * RFC 6901 JSON pointers, as Argo CD's `ignoreDifferences.jsonPointers` use them:
 * `/spec/replicas`, `/metadata/annotations/example.com~1note` (`~1` is `/`, `~0` is `~`).
 */
export function parsePointer(pointer: string): string[] | undefined {
  if (!pointer.startsWith('/')) return undefined;
  const tokens = pointer.slice(1).split('/');
  for (const t of tokens) {
    // `~` may only start the two escapes.
    if (/~(?![01])/.test(t)) return undefined;
  }
  return tokens.map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function formatPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Why a pointer is not usable, or undefined when it is. */
export function pointerProblem(pointer: string): string | undefined {
  if (pointer === '' || pointer === '/') return `"${pointer}" would ignore the whole object`;
  if (!pointer.startsWith('/')) return `"${pointer}" must start with "/" (e.g. /spec/replicas)`;
  if (!parsePointer(pointer)) return `"${pointer}" has a "~" that is not ~0 or ~1`;
  return undefined;
}

function arrayIndex(token: string, length: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const i = Number(token);
  return i < length ? i : undefined;
}

/**
 * A copy of `value` without the field the tokens point at (copy-on-write along the path only,
 * so untouched branches are shared with the input). Absent paths leave the value as it is.
 */
export function removeAt(value: unknown, tokens: readonly string[], from = 0): unknown {
  if (from >= tokens.length) return value;
  const token = tokens[from]!;
  const last = from === tokens.length - 1;
  if (Array.isArray(value)) {
    const i = arrayIndex(token, value.length);
    if (i === undefined) return value;
    if (last) return [...value.slice(0, i), ...value.slice(i + 1)];
    const child = removeAt(value[i], tokens, from + 1);
    if (child === value[i]) return value;
    const out = [...value];
    out[i] = child;
    return out;
  }
  if (!isRecord(value) || !Object.prototype.hasOwnProperty.call(value, token)) return value;
  if (last) {
    const out = { ...value };
    delete out[token];
    return out;
  }
  const child = removeAt(value[token], tokens, from + 1);
  if (child === value[token]) return value;
  return { ...value, [token]: child };
}
