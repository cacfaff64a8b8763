import { at, str } from '../cluster/kube-object';
import { cronJobHealth, jobHealth } from './batch-health';
import { result, type HealthContext, type HealthResult } from './health-types';
import {
  crdHealth,
  genericHealth,
  hpaHealth,
  ingressHealth,
  namespaceHealth,
  pvcHealth,
  serviceHealth,
} from './misc-health';
import { podHealth } from './pod-health';
import {
  daemonSetHealth,
  deploymentHealth,
  replicaSetHealth,
  replicationControllerHealth,
  statefulSetHealth,
} from './workload-health';

type Rule = (obj: unknown, ctx: HealthContext) => HealthResult;

// Keyed by "group/Kind" so a custom resource that happens to be called "Deployment" is not judged
// by the apps/v1 rule.
const rules: Record<string, Rule> = {
  'apps/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'apps/ReplicaSet': replicaSetHealth,
  '/ReplicationController': replicationControllerHealth,
  '/Pod': podHealth,
  'batch/Job': jobHealth,
  'batch/CronJob': cronJobHealth,
  '/Service': serviceHealth,
  'networking.k8s.io/Ingress': ingressHealth,
  '/PersistentVolumeClaim': pvcHealth,
  'autoscaling/HorizontalPodAutoscaler': hpaHealth,
  '/Namespace': namespaceHealth,
  'apiextensions.k8s.io/CustomResourceDefinition': crdHealth,
};

/** Health of a live object; `undefined` live means it is in git but not in the cluster. */
export function assessHealth(
  group: string,
  kind: string,
  live: unknown,
  ctx: HealthContext = {},
): HealthResult {
  if (live === undefined || live === null) return result('Missing', 'Not in the cluster');
  if (at(live, 'metadata.deletionTimestamp') !== undefined) {
    return result('Progressing', `Being deleted since ${str(live, 'metadata.deletionTimestamp') ?? 'now'}`);
  }
  const rule = rules[`${group}/${kind}`] ?? genericHealth;
  try {
    return rule(live, ctx);
  } catch (err) {
    return result('Unknown', `Health check failed: ${(err as Error).message}`);
  }
}
