import type { SyncRun } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';

/** What a sync deleted, in red and named: a run that pruned never reads as a bare success. */
export function SyncDeletions({ run }: { run: SyncRun }) {
  const deleted = run.deleted ?? [];
  if (deleted.length === 0) return null;
  const names = deleted.map((d) => describeKey(d.key));
  return (
    <span
      className="deleted-list"
      style={{ color: 'var(--bad)' }}
      aria-label={`Deleted by this sync: ${names.join(', ')}`}
    >
      {' '}
      deleted {deleted.length}: {names.slice(0, 3).join(', ')}
      {names.length > 3 ? `, +${names.length - 3} more` : ''}
    </span>
  );
}
