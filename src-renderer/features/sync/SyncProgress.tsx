import type { SyncPlanItem } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import type { SyncRunView } from './use-sync-run';

const donePhases = new Set(['healthy', 'pruned', 'skipped', 'failed']);

/** Live per-resource progress of a sync, then its summary. */
export function SyncProgress({ view, planned }: { view: SyncRunView; planned: SyncPlanItem[] }) {
  const rows = new Map<
    string,
    { id: string; label: string; action: string; phase: string; message?: string | undefined }
  >();
  for (const p of planned) {
    if (p.action !== 'unchanged')
      rows.set(p.id, { id: p.id, label: describeKey(p.key), action: p.action, phase: 'pending' });
  }
  for (const item of view.items.values())
    rows.set(item.id, {
      id: item.id,
      label: describeKey(item.key),
      action: item.action,
      phase: item.phase,
      message: item.message,
    });
  const list = [...rows.values()];
  const done = list.filter((r) => donePhasesOrFinished(r.phase, view.finished !== null)).length;
  const run = view.finished;
  const failed = list.filter((r) => r.phase === 'failed');

  return (
    <div className="sync-progress" aria-busy={!run && !view.error}>
      {!run && !view.error && <Progress label="Sync progress" value={done} max={Math.max(list.length, 1)} />}
      <ErrorMessage error={view.error} />
      {run && (
        <div role="status" className={`banner ${run.phase === 'Succeeded' ? 'banner-ok' : 'banner-bad'}`}>
          <strong>
            Sync{' '}
            {run.phase === 'Succeeded'
              ? 'succeeded'
              : run.phase === 'Failed'
                ? 'failed'
                : run.phase.toLowerCase()}
          </strong>
          <span>
            {' '}
            — {list.filter((r) => r.phase === 'healthy' || r.phase === 'applied').length} applied,{' '}
            {list.filter((r) => r.phase === 'pruned').length} pruned, {failed.length} failed
            {run.message ? `. ${run.message}` : ''}
          </span>
        </div>
      )}
      <table className="table" aria-label="Sync progress by resource">
        <thead>
          <tr>
            <th>Resource</th>
            <th>Action</th>
            <th>Phase</th>
            <th>Message</th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.id} className={r.phase === 'failed' ? 'row-bad' : undefined}>
              <td>{r.label}</td>
              <td>
                <span className={`action action-${r.action}`}>{r.action}</span>
              </td>
              <td>
                <span className={`phase phase-${r.phase}`}>{r.phase}</span>
              </td>
              <td className="wrap">{r.message}</td>
            </tr>
          ))}
          {list.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                Waiting for the first resource…
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function donePhasesOrFinished(phase: string, finished: boolean): boolean {
  return finished || donePhases.has(phase);
}
