/**
 * Kubernetes objects travel through the core as plain JSON: typed models would drop fields the
 * client library does not know. These helpers read them without unchecked casts.
 */
export type KubeObject = Record<string, unknown>;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a dotted path ("status.readyReplicas"); undefined as soon as a step is missing. */
export function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const step of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[step];
  }
  return cur;
}

export function num(obj: unknown, path: string): number | undefined {
  const v = at(obj, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function str(obj: unknown, path: string): string | undefined {
  const v = at(obj, path);
  return typeof v === 'string' ? v : undefined;
}

export function bool(obj: unknown, path: string): boolean | undefined {
  const v = at(obj, path);
  return typeof v === 'boolean' ? v : undefined;
}

export function list(obj: unknown, path: string): unknown[] {
  const v = at(obj, path);
  return Array.isArray(v) ? v : [];
}

export function records(obj: unknown, path: string): Record<string, unknown>[] {
  return list(obj, path).filter(isRecord);
}

export function rec(obj: unknown, path: string): Record<string, unknown> | undefined {
  const v = at(obj, path);
  return isRecord(v) ? v : undefined;
}

export function stringMap(obj: unknown, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec(obj, path) ?? {})) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function conditions(obj: unknown): Condition[] {
  return records(obj, 'status.conditions').map((c) => ({
    type: String(c.type ?? ''),
    status: String(c.status ?? ''),
    ...(typeof c.reason === 'string' ? { reason: c.reason } : {}),
    ...(typeof c.message === 'string' ? { message: c.message } : {}),
  }));
}

export function condition(obj: unknown, type: string): Condition | undefined {
  return conditions(obj).find((c) => c.type === type);
}

export function deepClone<T>(value: T): T {
  return structuredClone(value);
}
