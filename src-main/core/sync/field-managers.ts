import { ApiFailure } from '../../../src-shared/errors';
import type { PlanConflict } from '../../../src-shared/model';
import { isRecord } from '../cluster/kube-object';

/**
 * Field managers of clients a person drives: kubectl's commands and dashboards without a
 * controller behind them. What they changed is an out-of-band edit that a manual sync takes back.
 * Every other manager is treated as a controller (an HPA via kube-controller-manager, another
 * GitOps tool, an operator): taking fields from it would start a tug of war, so it stays a stop.
 */
const interactiveManagers = new Set([
  'kubectl',
  'kubectl-edit',
  'kubectl-patch',
  'kubectl-client-side-apply',
  'kubectl-scale',
  'kubectl-set',
  'kubectl-label',
  'kubectl-annotate',
  'kubectl-replace',
  'kubectl-create',
  'kubectl-rollout',
  'kubectl-expose',
  'kubectl-autoscale',
  'k9s',
  'headlamp',
  'lens',
  'openlens',
  'freelens',
  'kubernetes-dashboard',
  'dashboard',
  'Mozilla',
]);

export function isInteractiveManager(name: string): boolean {
  return interactiveManagers.has(name) || interactiveManagers.has(name.toLowerCase());
}

/** The managers and fields of a 409 apply conflict, from the server's Status causes. */
export function conflictOf(err: unknown): { managers: string[]; fields: string[] } | undefined {
  if (!(err instanceof ApiFailure) || err.code !== 'conflict' || !isRecord(err.detail)) return undefined;
  const managers = new Set<string>();
  const fields = new Set<string>();
  const causes = Array.isArray(err.detail.causes) ? err.detail.causes : [];
  for (const cause of causes) {
    if (!isRecord(cause)) continue;
    const m = /conflict with "([^"]+)"/.exec(typeof cause.message === 'string' ? cause.message : '');
    if (m) managers.add(m[1]!);
    if (typeof cause.field === 'string' && cause.field) fields.add(cause.field);
  }
  if (Array.isArray(err.detail.managers)) {
    for (const m of err.detail.managers) {
      if (typeof m === 'string') managers.add(m);
    }
  }
  if (managers.size === 0) return undefined;
  return { managers: [...managers], fields: [...fields] };
}

const code = (fields: string[]) => (fields.length ? fields.map((f) => `\`${f}\``).join(', ') : 'fields');

/** What the plan says about a conflict, and whether a manual sync may take the fields back. */
export function describeConflict(
  c: { managers: string[]; fields: string[] },
  respectManagers: boolean,
): PlanConflict & { message: string } {
  const outOfBand = c.managers.every(isInteractiveManager);
  const who = c.managers.join(', ');
  if (outOfBand && !respectManagers) {
    return {
      ...c,
      outOfBand,
      advice: 'Changed by hand outside git: the sync restores the value from git.',
      message: `Takes ${code(c.fields)} back from ${who}`,
    };
  }
  const advice = outOfBand
    ? 'Changed by hand outside git. "Respect other field managers" is on: untick it, or take over this resource.'
    : `${who} keeps changing this. Remove the field from git, or ignore it; or take over this resource (force) if git should win.`;
  return {
    ...c,
    outOfBand,
    advice,
    message: `Conflict: ${code(c.fields)} ${c.fields.length > 1 ? 'are' : 'is'} owned by ${who}. ${advice}`,
  };
}
