import { useState, type ReactNode } from 'react';
import type { AppSettings, SyncOptions } from '../../../src-shared/model';
import { Dialog } from '../../components/Dialog';
import { SyncProgress } from '../sync/SyncProgress';
import { useSyncRun } from '../sync/use-sync-run';
import { needsPruneConfirm, PruneConfirmField } from './PruneConfirmField';

export interface RollbackRow {
  label: string;
  kind: string;
  action: 'create' | 'update' | 'prune';
}

interface Props {
  app: AppSettings;
  title: string;
  /** The confirming button's text ("Revert and sync"). */
  confirmLabel: string;
  /** Still reading what the rollback changes: nothing can be confirmed yet. */
  loading: boolean;
  rows: RollbackRow[];
  /** Heading over the plan table, if any. */
  rowsHeading?: string;
  /** The app's objects a prune is measured against, for the typed-name confirmation. */
  appObjects: number;
  pruneLabel(removed: number): string;
  /** Asks the core for the rollback with these options; answers with the sync it started. */
  run(options: SyncOptions): Promise<{ syncId: string }>;
  onClose(): void;
  /** What the rollback does, shown above the plan until it starts. */
  children: ReactNode;
}

/**
 * The shape both rollbacks share: what changes (one row per resource), Prune with the typed-name
 * confirmation a large prune needs, then the sync's progress once confirmed.
 */
export function RollbackFrame(props: Props) {
  const { app, loading, rows, onClose } = props;
  const [prune, setPrune] = useState(app.options.prune);
  const [confirm, setConfirm] = useState('');
  const { view, start } = useSyncRun(app.id);
  const running = view.started && !view.finished && !view.error;
  const removed = rows.filter((r) => r.action === 'prune');
  const deletions = prune ? removed : [];
  const needsConfirm = needsPruneConfirm(deletions, props.appObjects);
  const confirmed = !needsConfirm || confirm.trim() === app.name;
  const table = rows.length > 0 && (
    <table className="table" aria-label="Rollback plan">
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.action}:${r.label}`}>
            <td>{r.label}</td>
            <td>
              <span className={`action action-${r.action}`}>{r.action}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <Dialog
      title={props.title}
      size="medium"
      onClose={onClose}
      busy={loading || running}
      footer={
        view.started ? (
          <button type="button" className="primary" onClick={onClose}>
            {running ? 'Close (sync continues)' : 'Close'}
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              disabled={loading || !confirmed}
              onClick={() =>
                void start(() =>
                  props.run({ prune, force: false, applyAll: false, ...(needsConfirm ? { confirm } : {}) }),
                )
              }
            >
              {props.confirmLabel}
            </button>
          </>
        )
      }
    >
      {!view.started ? (
        <>
          {props.children}
          {table && props.rowsHeading ? (
            <>
              <h3 className="subheading">{props.rowsHeading}</h3>
              {table}
            </>
          ) : (
            table
          )}
          <label className="check">
            <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} />
            {props.pruneLabel(removed.length)}
          </label>
          {needsConfirm && (
            <PruneConfirmField app={app} deletions={deletions} value={confirm} onChange={setConfirm} />
          )}
        </>
      ) : (
        <SyncProgress view={view} planned={[]} />
      )}
    </Dialog>
  );
}
