import { useMemo, useState } from 'react';
import type { AppSettings, CommitInfo } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { useApi } from '../../api/ApiContext';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiQuery } from '../../state/use-api';
import { shortOid } from '../../state/status';
import { TargetLine } from '../apps/TargetLine';
import { SyncProgress } from '../sync/SyncProgress';
import { needsPruneConfirm, PruneConfirmField } from './PruneConfirmField';
import { useSyncRun } from '../sync/use-sync-run';

interface Props {
  app: AppSettings;
  commit: CommitInfo;
  onClose(): void;
}

/**
 * Rollback = a commit reverting `commit`, then a sync of the new HEAD. Before confirming, it shows
 * what the revert touches: the files and the resources defined in them.
 */
export function RollbackDialog({ app, commit, onClose }: Props) {
  const api = useApi();
  const [prune, setPrune] = useState(app.options.prune);
  const files = useApiQuery('repo.commitFiles', { appId: app.id, oid: commit.oid });
  const parent = commit.parents[0];
  const before = useApiQuery('manifests.load', parent ? { appId: app.id, revision: parent } : null);
  const after = useApiQuery('manifests.load', { appId: app.id, revision: commit.oid });
  const { view, start } = useSyncRun(app.id);
  const running = view.started && !view.finished && !view.error;

  const affected = useMemo(() => {
    const changed = new Set(files.data?.files.map((f) => f.path) ?? []);
    const rows = new Map<string, { label: string; action: string; kind: string }>();
    const inBefore = new Set(before.data?.objects.map((o) => o.id) ?? []);
    for (const o of after.data?.objects ?? []) {
      if (changed.has(o.source.file))
        rows.set(o.id, {
          label: describeKey(o.key),
          action: inBefore.has(o.id) || !parent ? 'update' : 'prune',
          kind: o.key.kind,
        });
    }
    for (const o of before.data?.objects ?? []) {
      if (changed.has(o.source.file) && !rows.has(o.id))
        rows.set(o.id, { label: describeKey(o.key), action: 'create', kind: o.key.kind });
    }
    return [...rows.values()];
  }, [files.data, before.data, after.data, parent]);

  const loading = files.loading || after.loading || before.loading;
  const deletions = prune ? affected.filter((r) => r.action === 'prune') : [];
  const needsConfirm = needsPruneConfirm(deletions, (before.data?.objects.length ?? 0) + deletions.length);
  const [confirm, setConfirm] = useState('');
  const confirmed = !needsConfirm || confirm.trim() === app.name;
  const subject = commit.message.split('\n')[0];
  return (
    <Dialog
      title="Revert this commit"
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
                void start(async () => {
                  const r = await api.call('sync.rollback', {
                    appId: app.id,
                    oid: commit.oid,
                    options: { prune, force: false, applyAll: false, ...(needsConfirm ? { confirm } : {}) },
                  });
                  return { syncId: r.syncId };
                })
              }
            >
              Revert and sync
            </button>
          </>
        )
      }
    >
      {!view.started ? (
        <>
          <p>
            Revert commit <code>{shortOid(commit.oid)}</code> “{subject}” with a new commit, then sync it.
          </p>
          <TargetLine app={app} verb="Sync to" />
          {loading && <Progress label="Working out the rollback" />}
          <ErrorMessage error={files.error ?? after.error} />
          {files.data && (
            <>
              <h3 className="subheading">Files restored</h3>
              <ul className="plain-list">
                {files.data.files.map((f) => (
                  <li key={f.path}>
                    <code>{f.path}</code> <span className="muted">({f.change} in that commit)</span>
                  </li>
                ))}
              </ul>
            </>
          )}
          {affected.length > 0 && (
            <>
              <h3 className="subheading">Resources affected</h3>
              <table className="table" aria-label="Rollback plan">
                <tbody>
                  {affected.map((r) => (
                    <tr key={r.label}>
                      <td>{r.label}</td>
                      <td>
                        <span className={`action action-${r.action}`}>{r.action}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <label className="check">
            <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} />
            Prune resources the revert removes
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
