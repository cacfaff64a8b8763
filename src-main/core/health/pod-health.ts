import { isRecord, records, str, condition } from '../cluster/kube-object';
import { result, type HealthResult } from './health-types';

interface ContainerProblem {
  container: string;
  reason: string;
  message?: string;
}

function containerStatuses(obj: unknown): Record<string, unknown>[] {
  return [...records(obj, 'status.initContainerStatuses'), ...records(obj, 'status.containerStatuses')];
}

/** A waiting reason that will not fix itself: ErrImagePull, CrashLoopBackOff, CreateContainerConfigError... */
function isBadWaitingReason(reason: string): boolean {
  return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

function badWaiting(obj: unknown): ContainerProblem | undefined {
  for (const cs of containerStatuses(obj)) {
    const waiting = isRecord(cs.state) && isRecord(cs.state.waiting) ? cs.state.waiting : undefined;
    const reason = typeof waiting?.reason === 'string' ? waiting.reason : '';
    if (reason && isBadWaitingReason(reason)) {
      return {
        container: String(cs.name ?? ''),
        reason,
        ...(typeof waiting?.message === 'string' ? { message: waiting.message } : {}),
      };
    }
  }
  return undefined;
}

function terminationReason(cs: Record<string, unknown>, which: 'state' | 'lastState'): string | undefined {
  const holder = cs[which];
  const t = isRecord(holder) && isRecord(holder.terminated) ? holder.terminated : undefined;
  if (!t) return undefined;
  const parts = [typeof t.reason === 'string' ? t.reason : 'Terminated'];
  if (typeof t.exitCode === 'number') parts.push(`exit code ${t.exitCode}`);
  if (typeof t.message === 'string' && t.message) parts.push(t.message);
  return `container ${String(cs.name ?? '')}: ${parts.join(', ')}`;
}

function readyInfo(obj: unknown): string {
  const statuses = records(obj, 'status.containerStatuses');
  const readyCount = statuses.filter((cs) => cs.ready === true).length;
  const total = Math.max(statuses.length, records(obj, 'spec.containers').length);
  return `${readyCount}/${total} ready`;
}

export function podHealth(obj: unknown): HealthResult {
  const phase = str(obj, 'status.phase') ?? 'Pending';
  const restartPolicy = str(obj, 'spec.restartPolicy') ?? 'Always';
  const info = `${phase}, ${readyInfo(obj)}`;
  if (restartPolicy === 'Always') {
    const bad = badWaiting(obj);
    if (bad)
      return result(
        'Degraded',
        `container ${bad.container}: ${bad.reason}${bad.message ? `: ${bad.message}` : ''}`,
        info,
      );
  }
  switch (phase) {
    case 'Pending': {
      const scheduled = condition(obj, 'PodScheduled');
      const why =
        scheduled?.status === 'False' ? (scheduled.message ?? scheduled.reason) : str(obj, 'status.message');
      return result('Progressing', why ?? 'Pod is pending', info);
    }
    case 'Succeeded':
      return result('Healthy', undefined, info);
    case 'Failed': {
      const message = str(obj, 'status.message');
      const why =
        message ??
        containerStatuses(obj)
          .map((cs) => terminationReason(cs, 'state'))
          .find(Boolean) ??
        str(obj, 'status.reason') ??
        'Pod failed';
      return result('Degraded', why, info);
    }
    case 'Running': {
      if (condition(obj, 'Ready')?.status === 'True') return result('Healthy', undefined, info);
      if (restartPolicy === 'Always') {
        for (const cs of records(obj, 'status.containerStatuses')) {
          if (cs.ready === true) continue;
          const last = terminationReason(cs, 'lastState');
          if (last) return result('Degraded', `Not ready after a restart: ${last}`, info);
        }
      }
      return result('Progressing', 'Waiting for the pod to be ready', info);
    }
    default:
      return result('Unknown', str(obj, 'status.message') ?? `Pod phase ${phase}`, info);
  }
}
