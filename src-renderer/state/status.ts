import type { HealthStatus, SyncStatus } from '../../src-shared/model';

// Worst-first orders. Health follows Argo CD's gitops-engine ordering so an app's summary reads
// the same as there; sync ranks a real difference above an object that is merely absent.
const syncRank: Record<SyncStatus, number> = {
  Synced: 0,
  Unknown: 1,
  Extraneous: 2,
  Missing: 3,
  OutOfSync: 4,
};
const healthRank: Record<HealthStatus, number> = {
  Healthy: 0,
  Suspended: 1,
  Progressing: 2,
  Missing: 3,
  Degraded: 4,
  Unknown: 5,
};

/** The worst sync status of a list; Synced when the list is empty. */
export function worstSync(statuses: Iterable<SyncStatus>): SyncStatus {
  let worst: SyncStatus = 'Synced';
  for (const s of statuses) {
    if (syncRank[s] > syncRank[worst]) worst = s;
  }
  return worst;
}

/** The worst health of a list; Healthy when the list is empty. */
export function worstHealth(statuses: Iterable<HealthStatus>): HealthStatus {
  let worst: HealthStatus = 'Healthy';
  for (const s of statuses) {
    if (healthRank[s] > healthRank[worst]) worst = s;
  }
  return worst;
}

/**
 * Argo CD's words on screen: a resource that is in git but not in the cluster is OutOfSync (its
 * health says Missing), so a row never reads "Missing, Missing".
 */
export function displaySync(s: SyncStatus): SyncStatus {
  return s === 'Missing' ? 'OutOfSync' : s;
}

export type Tone = 'ok' | 'warn' | 'bad' | 'busy' | 'muted';

export function syncTone(s: SyncStatus): Tone {
  if (s === 'Synced') return 'ok';
  if (s === 'OutOfSync' || s === 'Extraneous') return 'warn';
  if (s === 'Missing') return 'muted';
  return 'muted';
}

export function healthTone(h: HealthStatus): Tone {
  switch (h) {
    case 'Healthy':
      return 'ok';
    case 'Progressing':
      return 'busy';
    case 'Degraded':
      return 'bad';
    case 'Suspended':
      return 'warn';
    default:
      return 'muted';
  }
}

export function shortOid(oid: string | null | undefined): string {
  return oid ? oid.slice(0, 7) : '—';
}
