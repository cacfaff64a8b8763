/**
 * The one-line facts a row shows beside its badges, where the health rule's own summary would
 * repeat or contradict the badge: a Pod says "1/1 ready" or "Completed" (its phase is what the
 * health badge already tells), an HPA says "current 2 · min 2 · max 5" (not "2/0 replicas").
 * Returns undefined to keep the health rule's summary.
 */
function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function num(obj: unknown, path: string): number | undefined {
  const v = get(obj, path);
  return typeof v === 'number' ? v : undefined;
}

function podFacts(live: unknown): string | undefined {
  const phase = get(live, 'status.phase');
  if (phase === 'Succeeded') return 'Completed';
  if (phase === 'Failed') return 'Failed';
  const statuses = get(live, 'status.containerStatuses');
  const containers = get(live, 'spec.containers');
  const total = Array.isArray(containers) ? containers.length : Array.isArray(statuses) ? statuses.length : 0;
  const ready = Array.isArray(statuses) ? statuses.filter((s) => get(s, 'ready') === true).length : 0;
  const restarts = Array.isArray(statuses)
    ? statuses.reduce((n: number, s) => n + (num(s, 'restartCount') ?? 0), 0)
    : 0;
  if (phase === 'Pending' && ready === 0) return `Pending · 0/${total} ready`;
  return `${ready}/${total} ready${restarts > 0 ? ` · ${restarts} restart${restarts > 1 ? 's' : ''}` : ''}`;
}

function hpaFacts(live: unknown): string | undefined {
  const max = num(live, 'spec.maxReplicas');
  if (max === undefined) return undefined;
  const min = num(live, 'spec.minReplicas') ?? 1;
  const current = num(live, 'status.currentReplicas') ?? 0;
  return `current ${current} · min ${min} · max ${max}`;
}

export function resourceFacts(group: string, kind: string, live: unknown): string | undefined {
  if (live === null || live === undefined) return undefined;
  if (group === '' && kind === 'Pod') return podFacts(live);
  if (group === 'autoscaling' && kind === 'HorizontalPodAutoscaler') return hpaFacts(live);
  return undefined;
}
