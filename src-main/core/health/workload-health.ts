import { bool, condition, num, str } from '../cluster/kube-object';
import { result, type HealthResult } from './health-types';

/** True when the controller has not yet looked at the latest spec. */
function generationBehind(obj: unknown): boolean {
  const generation = num(obj, 'metadata.generation');
  const observed = num(obj, 'status.observedGeneration');
  return generation !== undefined && (observed === undefined || generation > observed);
}

function ready(readyCount: number, wanted: number): string {
  return `${readyCount}/${wanted} ready`;
}

export function deploymentHealth(obj: unknown): HealthResult {
  const wanted = num(obj, 'spec.replicas') ?? 1;
  const updated = num(obj, 'status.updatedReplicas') ?? 0;
  const replicas = num(obj, 'status.replicas') ?? 0;
  const available = num(obj, 'status.availableReplicas') ?? 0;
  const info = ready(num(obj, 'status.readyReplicas') ?? 0, wanted);
  if (bool(obj, 'spec.paused')) return result('Suspended', 'Deployment is paused', info);
  if (generationBehind(obj)) return result('Progressing', 'Waiting for the rollout to be observed', info);
  const progressing = condition(obj, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return result('Degraded', progressing.message ?? `Deployment exceeded its progress deadline`, info);
  }
  if (updated < wanted)
    return result('Progressing', `Waiting for rollout: ${updated} of ${wanted} updated replicas`, info);
  if (replicas > updated)
    return result(
      'Progressing',
      `Waiting for rollout: ${replicas - updated} old replicas pending termination`,
      info,
    );
  if (available < updated)
    return result(
      'Progressing',
      `Waiting for rollout: ${available} of ${updated} updated replicas available`,
      info,
    );
  return result('Healthy', undefined, info);
}

export function statefulSetHealth(obj: unknown): HealthResult {
  const wanted = num(obj, 'spec.replicas') ?? 1;
  const readyCount = num(obj, 'status.readyReplicas') ?? 0;
  const info = ready(readyCount, wanted);
  const observed = num(obj, 'status.observedGeneration');
  if (!observed || generationBehind(obj))
    return result('Progressing', 'Waiting for the update to be observed', info);
  if (readyCount < wanted)
    return result('Progressing', `Waiting for ${wanted - readyCount} pods to be ready`, info);
  const strategy = str(obj, 'spec.updateStrategy.type') ?? 'RollingUpdate';
  if (strategy === 'RollingUpdate') {
    const partition = num(obj, 'spec.updateStrategy.rollingUpdate.partition');
    if (partition !== undefined && partition > 0) {
      const updated = num(obj, 'status.updatedReplicas') ?? 0;
      if (updated < wanted - partition) {
        return result(
          'Progressing',
          `Waiting for partitioned rollout: ${updated} of ${wanted - partition} updated`,
          info,
        );
      }
      return result('Healthy', `Partitioned rollout complete: ${updated} updated`, info);
    }
  }
  if (strategy === 'OnDelete') return result('Healthy', undefined, info);
  const current = str(obj, 'status.currentRevision');
  const update = str(obj, 'status.updateRevision');
  if (update !== undefined && current !== update)
    return result('Progressing', 'Waiting for the rolling update to finish', info);
  return result('Healthy', undefined, info);
}

export function daemonSetHealth(obj: unknown): HealthResult {
  const desired = num(obj, 'status.desiredNumberScheduled') ?? 0;
  const available = num(obj, 'status.numberAvailable') ?? 0;
  const updated = num(obj, 'status.updatedNumberScheduled') ?? 0;
  const info = `${num(obj, 'status.numberReady') ?? 0}/${desired} ready`;
  if (generationBehind(obj)) return result('Progressing', 'Waiting for the rollout to be observed', info);
  if (str(obj, 'spec.updateStrategy.type') === 'OnDelete') return result('Healthy', undefined, info);
  if (updated < desired)
    return result('Progressing', `Waiting for rollout: ${updated} of ${desired} updated`, info);
  if (available < desired)
    return result('Progressing', `Waiting for rollout: ${available} of ${desired} available`, info);
  return result('Healthy', undefined, info);
}

export function replicaSetHealth(obj: unknown): HealthResult {
  const wanted = num(obj, 'spec.replicas') ?? 1;
  const available = num(obj, 'status.availableReplicas') ?? 0;
  const info = ready(num(obj, 'status.readyReplicas') ?? 0, wanted);
  if (generationBehind(obj)) return result('Progressing', 'Waiting for the update to be observed', info);
  const failure = condition(obj, 'ReplicaFailure');
  if (failure?.status === 'True')
    return result('Degraded', failure.message ?? failure.reason ?? 'Replica failure', info);
  if (available < wanted)
    return result(
      'Progressing',
      `Waiting for ${wanted - available} of ${wanted} replicas to be available`,
      info,
    );
  return result('Healthy', undefined, info);
}

/** A ReplicationController follows the same rules as a ReplicaSet. */
export const replicationControllerHealth = replicaSetHealth;
