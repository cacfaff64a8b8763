import type { HookPhase, SyncPlanItem, SyncRun, SyncWaveProgress } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import type { SyncRunView } from './use-sync-run';

const donePhases = new Set(['healthy', 'pruned', 'skipped', 'failed']);

interface Row {
  id: string;
  label: string;
  action: string;
  phase: string;
  wave: number;
  message?: string | undefined;
  hook?: HookPhase | undefined;
}

/** Hooks that run around the waves, each phase in its own group, in the order they run. */
const hookGroups: { phase: HookPhase; title: string }[] = [
  { phase: 'PreSync', title: 'PreSync hooks' },
  { phase: 'PostSync', title: 'PostSync hooks' },
  { phase: 'SyncFail', title: 'SyncFail hooks' },
];

function waveStatus(w: SyncWaveProgress | undefined): string {
  if (!w) return '';
  if (w.phase === 'waiting')
    return `waiting for health (${Math.round((w.waitedMs ?? 0) / 1000)} s of ${Math.round((w.timeoutMs ?? 0) / 1000)} s)`;
  if (w.phase === 'unhealthy') return 'not healthy';
  return w.phase;
}

/** "Sync succeeded — 3 applied · 2 healthy · 1 progressing", deletions named apart, in red. */
function Summary({ run, rows }: { run: SyncRun; rows: Row[] }) {
  const failed = rows.filter((r) => r.phase === 'failed').length;
  const healthy = rows.filter((r) => r.phase === 'healthy').length;
  const progressing = rows.filter((r) => r.phase === 'applied').length;
  const deleted = run.deleted ?? [];
  const outcome =
    run.phase === 'Succeeded' ? 'succeeded' : run.phase === 'Failed' ? 'failed' : run.phase.toLowerCase();
  return (
    <>
      <div role="status" className={`banner ${run.phase === 'Succeeded' ? 'banner-ok' : 'banner-bad'}`}>
        <strong>Sync {outcome}</strong>
        <span>
          {' '}
          — {healthy + progressing} applied · {healthy} healthy · {progressing} progressing
          {failed ? ` · ${failed} failed` : ''}
          {run.healthyAt ? ` · all healthy at ${new Date(run.healthyAt).toLocaleTimeString()}` : ''}
          {run.healthMessage ? ` · ${run.healthMessage}` : ''}
          {run.message ? `. ${run.message}` : ''}
        </span>
      </div>
      {deleted.length > 0 && (
        <div className="banner banner-bad" role="status" aria-label="Deleted by this sync">
          <strong>Deleted {deleted.length}:</strong> {deleted.map((d) => describeKey(d.key)).join(', ')}
        </div>
      )}
    </>
  );
}

/** Live per-resource progress of a sync, grouped by wave, then its summary. */
export function SyncProgress({ view, planned }: { view: SyncRunView; planned: SyncPlanItem[] }) {
  const rows = new Map<string, Row>();
  for (const p of planned) {
    // SyncFail hooks are listed only when the sync fails and they run.
    if (p.action !== 'unchanged' && p.hook !== 'SyncFail' && p.hook !== 'Skip')
      rows.set(p.id, {
        id: p.id,
        label: describeKey(p.key),
        action: p.action,
        phase: 'pending',
        wave: p.effectiveWave ?? p.wave,
        hook: p.hook,
      });
  }
  for (const item of view.items.values())
    rows.set(item.id, {
      id: item.id,
      label: describeKey(item.key),
      action: item.action,
      phase: item.phase,
      wave: item.wave ?? rows.get(item.id)?.wave ?? 0,
      message: item.message,
      hook: item.hook,
    });
  const list = [...rows.values()];
  const done = list.filter((r) => view.finished !== null || donePhases.has(r.phase)).length;
  const run = view.finished;
  const applies = list.filter((r) => r.action !== 'prune');
  const prunes = list.filter((r) => r.action === 'prune');
  const inWaves = applies.filter((r) => !r.hook || r.hook === 'Sync');
  const hooksOf = (phase: HookPhase) => applies.filter((r) => r.hook === phase);
  const waves = [...new Set(inWaves.map((r) => r.wave))].sort((a, b) => a - b);
  const groups: { title: string; rows: Row[] }[] = waves.map((wave) => {
    const status = waveStatus(view.waves.get(wave));
    return {
      title: `Wave ${wave}${status ? ` — ${status}` : ''}`,
      rows: inWaves.filter((r) => r.wave === wave),
    };
  });
  const [pre, post, fail] = hookGroups.map((g) => ({
    title: g.phase === 'PreSync' && waves.length ? `PreSync hooks (before wave ${waves[0]})` : g.title,
    rows: hooksOf(g.phase),
  }));
  if (pre!.rows.length) groups.unshift(pre!);
  if (prunes.length) groups.push({ title: 'Prune (deletes)', rows: prunes });
  for (const g of [post!, fail!]) {
    if (g.rows.length) groups.push(g);
  }

  return (
    <div className="sync-progress" aria-busy={!run && !view.error}>
      {!run && !view.error && <Progress label="Sync progress" value={done} max={Math.max(list.length, 1)} />}
      <ErrorMessage error={view.error} />
      {run && <Summary run={run} rows={applies} />}
      <table className="table" aria-label="Sync progress by resource">
        <thead>
          <tr>
            <th>Resource</th>
            <th>Action</th>
            <th>Phase</th>
            <th>Message</th>
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.title} aria-label={g.title}>
            <tr className="row-group">
              <th colSpan={4} scope="rowgroup">
                {g.title}
              </th>
            </tr>
            {g.rows.map((r) => (
              <tr key={r.id} className={r.phase === 'failed' || r.phase === 'pruned' ? 'row-bad' : undefined}>
                <td>
                  {r.label}
                  {r.hook && (
                    <>
                      {' '}
                      <span className="badge">{r.hook} hook</span>
                    </>
                  )}
                </td>
                <td>
                  <span className={`action action-${r.action}`}>
                    {r.action === 'prune' ? 'delete' : r.action}
                  </span>
                </td>
                <td>
                  <span className={`phase phase-${r.phase}`}>
                    {r.phase === 'pruned' ? 'deleted' : r.phase}
                  </span>
                </td>
                <td className="wrap">{r.message}</td>
              </tr>
            ))}
          </tbody>
        ))}
        {list.length === 0 && (
          <tbody>
            <tr>
              <td colSpan={4} className="muted">
                Waiting for the first resource…
              </td>
            </tr>
          </tbody>
        )}
      </table>
    </div>
  );
}
