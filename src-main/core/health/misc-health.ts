import { conditions, num, records, str, stringMap } from '../cluster/kube-object';
import { result, type HealthContext, type HealthResult } from './health-types';

export function serviceHealth(obj: unknown): HealthResult {
  const type = str(obj, 'spec.type') ?? 'ClusterIP';
  if (type !== 'LoadBalancer') return result('Healthy', undefined, type);
  if (records(obj, 'status.loadBalancer.ingress').length > 0)
    return result('Healthy', undefined, 'LoadBalancer');
  return result('Progressing', 'Waiting for the load balancer to get an address', 'LoadBalancer, no address');
}

/**
 * Without an ingress controller an Ingress never gets an address and Argo CD shows it Progressing
 * forever (argo-cd #14607). When the cluster has no IngressClass that could serve it we say so and
 * stop waiting: nothing is going to change until a controller is installed.
 */
export function ingressHealth(obj: unknown, ctx: HealthContext = {}): HealthResult {
  const addresses = records(obj, 'status.loadBalancer.ingress')
    .map((i) => (typeof i.ip === 'string' ? i.ip : typeof i.hostname === 'string' ? i.hostname : ''))
    .filter(Boolean);
  if (addresses.length > 0) return result('Healthy', undefined, addresses.join(', '));
  const className =
    str(obj, 'spec.ingressClassName') ??
    stringMap(obj, 'metadata.annotations')['kubernetes.io/ingress.class'];
  if (ctx.ingressClasses !== undefined) {
    if (ctx.ingressClasses.length === 0) {
      return result(
        'Healthy',
        'No ingress controller in this cluster (no IngressClass): the Ingress will not get an address',
        'no controller',
      );
    }
    if (className && !ctx.ingressClasses.includes(className)) {
      return result(
        'Healthy',
        `IngressClass "${className}" does not exist in this cluster: no controller will serve this Ingress`,
        'no controller',
      );
    }
  }
  return result('Progressing', 'Waiting for the ingress controller to assign an address', 'no address');
}

/** The IngressClass names of a cluster, given the listed IngressClass objects. */
export function ingressClassNames(objects: unknown[]): string[] {
  return objects.map((o) => str(o, 'metadata.name')).filter((n): n is string => !!n);
}

export function pvcHealth(obj: unknown): HealthResult {
  const phase = str(obj, 'status.phase') ?? 'Pending';
  const capacity = str(obj, 'status.capacity.storage');
  const info = capacity ? `${phase}, ${capacity}` : phase;
  if (phase === 'Bound') return result('Healthy', undefined, info);
  if (phase === 'Lost') return result('Degraded', 'The bound volume is lost', info);
  if (phase === 'Pending') return result('Progressing', 'Waiting for a volume to be bound', info);
  return result('Unknown', `Phase ${phase}`, info);
}

const hpaDegradedReasons = new Set([
  'FailedGetScale',
  'FailedUpdateScale',
  'FailedGetResourceMetric',
  'InvalidSelector',
]);

export function hpaHealth(obj: unknown): HealthResult {
  const info = `${num(obj, 'status.currentReplicas') ?? 0}/${num(obj, 'status.desiredReplicas') ?? 0} replicas`;
  const conds = conditions(obj);
  const bad = conds.find((c) => c.reason !== undefined && hpaDegradedReasons.has(c.reason));
  if (bad) return result('Degraded', bad.message ?? bad.reason, info);
  const ok = conds.find(
    (c) => (c.type === 'AbleToScale' || c.type === 'ScalingLimited') && c.status === 'True',
  );
  if (ok) return result('Healthy', undefined, info);
  return result('Progressing', 'Waiting for the autoscaler to observe the target', info);
}

export function namespaceHealth(obj: unknown): HealthResult {
  const phase = str(obj, 'status.phase') ?? 'Active';
  if (phase === 'Terminating') return result('Progressing', 'Namespace is being deleted', phase);
  return result('Healthy', undefined, phase);
}

/**
 * Kinds without a rule of their own (custom resources above all) report through the common
 * Ready / Available conditions; with neither, there is nothing to judge and the object counts as
 * Healthy once it exists.
 */
export function genericHealth(obj: unknown): HealthResult {
  const conds = conditions(obj);
  const cond = conds.find((c) => c.type === 'Ready') ?? conds.find((c) => c.type === 'Available');
  if (!cond) return result('Healthy');
  const why = cond.message ?? cond.reason;
  if (cond.status === 'True') return result('Healthy', undefined, cond.type);
  if (cond.status === 'False')
    return result('Degraded', why ?? `${cond.type} is False`, `not ${cond.type.toLowerCase()}`);
  return result('Progressing', why ?? `${cond.type} is ${cond.status || 'unknown'}`);
}

/** A CRD is usable once the API server serves it: custom resources of it can only follow then. */
export function crdHealth(obj: unknown): HealthResult {
  const established = conditions(obj).find((c) => c.type === 'Established');
  if (established?.status === 'True') return result('Healthy', undefined, 'Established');
  const conflict = conditions(obj).find((c) => c.type === 'NamesAccepted' && c.status === 'False');
  if (conflict) return result('Degraded', conflict.message ?? conflict.reason ?? 'Names not accepted');
  return result('Progressing', 'Waiting for the API server to serve it');
}
