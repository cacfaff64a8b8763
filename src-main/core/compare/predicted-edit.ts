import { isRecord, type KubeObject } from '../cluster/kube-object';
import { unchangedByApply } from './unchanged-by-apply';

/**
 * Groups served by the API server itself. Their objects' annotations have no meaning at write
 * time outside the Kubernetes domains (left out below); custom resources may convert through a
 * webhook, which may keep anything in annotations.
 */
const builtInGroups = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'rbac.authorization.k8s.io',
  'networking.k8s.io',
  'discovery.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'coordination.k8s.io',
]);
/** Keys the Kubernetes components give meaning to (an Ingress class, a token's account...). */
const reservedKey = /(^|\.)(kubernetes\.io|k8s\.io)\//;
/**
 * Changed values are taken while the map stays far below the server's size limit (annotations:
 * 256 KiB, ConfigMap data: 1 MiB), the one check the server makes on such a value.
 */
const maxAnnotationBytes = 128 * 1024;
const maxConfigBytes = 512 * 1024;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What a server-side apply of `desired` would leave when all it changes is string values the
 * server stores as written, of keys that are already there: annotations of built-in kinds (not
 * in the Kubernetes domains) and ConfigMap data. That is `live` with those values: the server
 * defaults and converts none of them and checks only the keys (unchanged) and the total size.
 * Every other field written must already be live as written and nothing this app owns may be
 * left out (as for an unchanged object), so anything more (a new or removed key, a label, spec,
 * an immutable ConfigMap's data) goes to a dry run. The caller makes sure no admission webhook or
 * policy of the cluster may change or refuse the write.
 */
export function predictedValueEdit(
  desired: KubeObject,
  live: KubeObject,
  group: string,
): KubeObject | undefined {
  if (!builtInGroups.has(group)) return undefined;
  const meta = isRecord(live.metadata) ? live.metadata : undefined;
  const wantMeta = isRecord(desired.metadata) ? desired.metadata : undefined;
  if (!meta || !wantMeta) return undefined;
  const annotations = editedValues(wantMeta.annotations, meta.annotations, (k) => !reservedKey.test(k));
  if (annotations === null) return undefined;
  const isConfigMap = group === '' && desired.kind === 'ConfigMap' && live.kind === 'ConfigMap';
  const data = isConfigMap ? editedValues(desired.data, live.data, () => true) : undefined;
  if (data === null || (!annotations && !data)) return undefined;
  if (annotations && bytes(annotations) > maxAnnotationBytes) return undefined;
  if (data && ('immutable' in desired || 'immutable' in live)) return undefined;
  if (data && bytes(data) + bytes(live.binaryData) > maxConfigBytes) return undefined;
  const edited: KubeObject = { ...live, ...(data ? { data } : {}) };
  if (annotations) edited.metadata = { ...meta, annotations };
  // Every other field written is already live as written, and nothing this app owns is left out.
  return unchangedByApply(desired, edited) ? edited : undefined;
}

/**
 * `have` with the values `want` changes; undefined when none changed, null when a change is not
 * one of a value (a new key, a value that is no string, a key not allowed).
 */
function editedValues(
  want: unknown,
  have: unknown,
  allowed: (key: string) => boolean,
): Record<string, unknown> | undefined | null {
  if (!isRecord(want) || !isRecord(have)) return undefined;
  let out: Record<string, unknown> | undefined;
  for (const [k, value] of Object.entries(want)) {
    const was = have[k];
    if (value === was) continue;
    if (typeof value !== 'string' || typeof was !== 'string' || !allowed(k)) return null;
    // Sent as JSON, a lone surrogate would reach the server as something else.
    if (loneSurrogate.test(value)) return null;
    out ??= { ...have };
    out[k] = value;
  }
  return out;
}

function bytes(map: unknown): number {
  if (!isRecord(map)) return 0;
  let total = 0;
  for (const [k, v] of Object.entries(map)) {
    total += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  return total;
}
