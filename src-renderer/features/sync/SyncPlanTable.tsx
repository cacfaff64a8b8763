import type { SyncPlan } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';

/** The server-side dry run: what a sync would do to each resource. */
export function SyncPlanTable({ plan }: { plan: SyncPlan }) {
  const counts = new Map<string, number>();
  for (const item of plan.items) counts.set(item.action, (counts.get(item.action) ?? 0) + 1);
  return (
    <>
      <p className="plan-summary">
        {(['create', 'update', 'prune', 'unchanged', 'error'] as const)
          .filter((a) => counts.get(a))
          .map((a) => (
            <span key={a} className={`action action-${a}`}>
              {counts.get(a)} {a === 'error' ? 'errors' : a}
            </span>
          ))}
        <span className="muted">at revision {plan.revision.slice(0, 7)}</span>
      </p>
      {plan.problems.length > 0 && (
        <ul className="problem-list" aria-label="Manifest problems">
          {plan.problems.map((p, i) => (
            <li key={i}>
              <code>
                {p.file}
                {p.line ? `:${p.line}` : ''}
              </code>{' '}
              {p.message}
            </li>
          ))}
        </ul>
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
          {plan.items.map((item) => (
            <tr
              key={item.id}
              className={
                item.action === 'error' ? 'row-bad' : item.action === 'unchanged' ? 'row-muted' : undefined
              }
            >
              <td>{item.wave}</td>
              <td>{describeKey(item.key)}</td>
              <td>
                <span className={`action action-${item.action}`}>{item.action}</span>
              </td>
              <td className="wrap">{item.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
