import { isRecord, type KubeObject } from '../cluster/kube-object';

export const secretMask = '++++++++';
/** Shown on the desired side where the value differs from live, so changed keys are visible. */
export const changedSecretMask = '++++++++ (changed)';

export function isSecret(group: string, kind: string): boolean {
  return group === '' && kind === 'Secret';
}

function valuesOf(obj: KubeObject | undefined): Record<string, unknown> {
  return { ...(isRecord(obj?.data) ? obj.data : {}), ...(isRecord(obj?.stringData) ? obj.stringData : {}) };
}

function maskMap(
  map: unknown,
  other: Record<string, unknown> | undefined,
  changed: Set<string>,
  markChanged: boolean,
): unknown {
  if (!isRecord(map)) return map;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) {
    const differs = other !== undefined && (!(k in other) || other[k] !== v);
    if (differs) changed.add(k);
    out[k] = differs && markChanged ? changedSecretMask : secretMask;
  }
  return out;
}

/**
 * Masks every value of a Secret pair before it leaves the core. Values are compared first (data
 * and stringData alike) so the caller still learns which keys differ; the values never do.
 */
export function maskSecretPair(
  desired: KubeObject | undefined,
  live: KubeObject | undefined,
): {
  desired: KubeObject | undefined;
  live: KubeObject | undefined;
  changedKeys: string[];
} {
  const changed = new Set<string>();
  const desiredValues = valuesOf(desired);
  const liveValues = valuesOf(live);
  const mask = (
    obj: KubeObject | undefined,
    other: Record<string, unknown> | undefined,
    markChanged: boolean,
  ) => {
    if (!obj) return obj;
    const out: KubeObject = { ...obj };
    if ('data' in obj) out.data = maskMap(obj.data, other, changed, markChanged);
    if ('stringData' in obj) out.stringData = maskMap(obj.stringData, other, changed, markChanged);
    return out;
  };
  return {
    desired: mask(desired, live ? liveValues : undefined, true),
    live: mask(live, desired ? desiredValues : undefined, false),
    changedKeys: [...changed].sort(),
  };
}

export function maskSecret(obj: KubeObject): KubeObject {
  return maskSecretPair(obj, undefined).desired!;
}

/** Every Secret value in plain text and base64, for scrubbing server messages that echo input. */
export function secretValues(obj: unknown): string[] {
  const out = new Set<string>();
  const add = (v: unknown, encoded: boolean) => {
    if (typeof v !== 'string' || v.length < 3) return;
    out.add(v);
    if (encoded) {
      const plain = Buffer.from(v, 'base64').toString('utf8');
      if (plain.length >= 3) out.add(plain);
    } else {
      out.add(Buffer.from(v, 'utf8').toString('base64'));
    }
  };
  if (isRecord(obj) && isRecord(obj.data)) for (const v of Object.values(obj.data)) add(v, true);
  if (isRecord(obj) && isRecord(obj.stringData)) for (const v of Object.values(obj.stringData)) add(v, false);
  // Longest first, so a value that contains another is replaced whole.
  return [...out].sort((a, b) => b.length - a.length);
}

export function scrub(message: string, values: string[]): string {
  let out = message;
  for (const v of values) out = out.split(v).join(secretMask);
  return out;
}
