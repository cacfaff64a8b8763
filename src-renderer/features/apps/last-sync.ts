import type { SyncRun } from '../../../src-shared/model';

/** "a1b2c3d · 5 min ago · Succeeded", or "never" before the first sync. */
export function lastSyncText(run: SyncRun | undefined, now = Date.now()): string {
  if (!run) return 'never';
  const at = Date.parse(run.finishedAt ?? run.startedAt);
  return `${run.revision.slice(0, 7)} · ${relativeTime(at, now)} · ${run.phase}`;
}

export function relativeTime(at: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 24) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}
