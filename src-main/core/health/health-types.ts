import type { HealthStatus } from '../../../src-shared/model';

export interface HealthResult {
  status: HealthStatus;
  /** Why it is not Healthy (or a noteworthy caveat when it is). */
  reason?: string;
  /** Short summary for lists, e.g. "2/2 ready". */
  info?: string;
}

/** Facts about the cluster some rules need, gathered by the caller. */
export interface HealthContext {
  /** Names of the IngressClass objects in the cluster; undefined when not known. */
  ingressClasses?: string[];
}

// Argo CD's order of badness: the app shows the worst of its resources.
const order: HealthStatus[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];

export function healthRank(status: HealthStatus): number {
  return order.indexOf(status);
}

export function worstHealth(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'Healthy';
  for (const s of statuses) {
    if (healthRank(s) > healthRank(worst)) worst = s;
  }
  return worst;
}

export function result(status: HealthStatus, reason?: string, info?: string): HealthResult {
  return { status, ...(reason ? { reason } : {}), ...(info ? { info } : {}) };
}
