import type { SyncPlan, SyncPlanItem } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { ProblemItems } from '../../components/ProblemItems';

interface Props {
  plan: SyncPlan;
  /** Ids the user chose to take over (force) despite a conflict with another field manager. */
  takeOver?: string[];
  onTakeOver?(id: string, take: boolean): void;
  /** Ids the user chose to delete and create again (an immutable field changes). */
  recreate?: string[];
  onRecreate?(id: string, recreate: boolean): void;
}

function waveCell(item: SyncPlanItem) {
  // PreSync, PostSync and SyncFail hooks run around the waves, not in one.
  if (item.hook && item.hook !== 'Sync')
    return <span className="muted">{item.hook === 'Skip' ? '—' : item.hook}</span>;
  if (item.effectiveWave === undefined) return <>{item.wave}</>;
  return (
    <span title={item.movedReason}>
      {item.effectiveWave} <span className="muted">(own {item.wave})</span>
    </span>
  );
}

/** The server-side dry run: what a sync would do to each resource, in the order it does it. */
export function SyncPlanTable({ plan, takeOver = [], onTakeOver, recreate = [], onRecreate }: Props) {
  const counts = new Map<string, number>();
  for (const item of plan.items) counts.set(item.action, (counts.get(item.action) ?? 0) + 1);
  const deletions = plan.items.filter((i) => i.action === 'prune');
  const recreations = plan.items.filter((i) => i.recreate?.chosen);
  const hooks = plan.items.filter((i) => i.hook && i.hook !== 'Skip').length;
  return (
    <>
      <p className="plan-summary">
        {(['create', 'update', 'prune', 'unchanged', 'error'] as const)
          .filter((a) => counts.get(a))
          .map((a) => (
            <span key={a} className={`action action-${a}`}>
              {counts.get(a)} {a === 'error' ? 'errors' : a === 'prune' ? 'to delete' : a}
            </span>
          ))}
        {hooks > 0 && (
          <span className="action">
            {hooks} {hooks === 1 ? 'hook' : 'hooks'}
          </span>
        )}
        <span className="muted">at revision {plan.revision.slice(0, 7)}</span>
      </p>
      {plan.problems.length > 0 && (
        <ul className="problem-list" aria-label="Manifest problems">
          <ProblemItems problems={plan.problems} />
        </ul>
      )}
      {deletions.length > 0 && (
        <div className="banner banner-bad" role="note" aria-label="Deletions">
          <strong>Deletes {deletions.length}:</strong> {deletions.map((d) => describeKey(d.key)).join(', ')}
        </div>
      )}
      {recreations.length > 0 && (
        <div className="banner banner-warn" role="note" aria-label="Recreations">
          <strong>Deletes and creates again {recreations.length}:</strong>{' '}
          {recreations.map((d) => describeKey(d.key)).join(', ')}
        </div>
      )}
      <table className="table" aria-label="Sync plan">
        <thead>
          <tr>
            <th>Wave</th>
            <th>Resource</th>
            <th>Action</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {plan.items.map((item) => {
            const taken = takeOver.includes(item.id);
            return (
              <tr
                key={item.id}
                className={
                  item.action === 'error' || item.action === 'prune'
                    ? 'row-bad'
                    : item.action === 'unchanged'
                      ? 'row-muted'
                      : undefined
                }
              >
                <td>{waveCell(item)}</td>
                <td>
                  {describeKey(item.key)}
                  {item.hook && (
                    <>
                      {' '}
                      <span className="badge">
                        {item.hook === 'Skip' ? 'not applied' : `${item.hook} hook`}
                      </span>
                    </>
                  )}
                </td>
                <td>
                  <span className={`action action-${item.action}`}>
                    {item.action === 'prune' ? 'delete' : item.action}
                  </span>
                </td>
                <td className="wrap">
                  {item.message}
                  {item.movedReason && <div className="muted">{item.movedReason}</div>}
                  {onTakeOver &&
                    item.conflict &&
                    (!item.conflict.outOfBand || taken || item.action === 'error') && (
                      <div>
                        <button
                          type="button"
                          aria-pressed={taken}
                          aria-label={`${taken ? 'Do not take over' : 'Take over'} ${describeKey(item.key)}`}
                          onClick={() => onTakeOver(item.id, !taken)}
                        >
                          {taken
                            ? 'Taken over (undo)'
                            : `Take over from ${item.conflict.managers.join(', ')}`}
                        </button>
                      </div>
                    )}
                  {onRecreate && item.recreate && !item.recreate.byAnnotation && (
                    <div>
                      <button
                        type="button"
                        aria-pressed={recreate.includes(item.id)}
                        aria-label={`${recreate.includes(item.id) ? 'Do not recreate' : 'Recreate'} ${describeKey(item.key)}`}
                        onClick={() => onRecreate(item.id, !recreate.includes(item.id))}
                      >
                        {recreate.includes(item.id)
                          ? 'Recreated by this sync (undo)'
                          : 'Recreate (delete, then create)'}
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
