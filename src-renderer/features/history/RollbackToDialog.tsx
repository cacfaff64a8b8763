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
 * Roll back TO a commit (Argo CD's meaning): the app's files become what they were at that commit,
 * committed on top of HEAD, and that tree is synced. Before confirming it lists what comes back and
 * what goes away.
 */
export function RollbackToDialog({ app, commit, onClose }: Props) {
  const api = useApi();
  const [prune, setPrune] = useState(app.options.prune);
  const now = useApiQuery('manifests.load', { appId: app.id, revision: 'HEAD' });
  const then = useApiQuery('manifests.load', { appId: app.id, revision: commit.oid });
  const { view, start } = useSyncRun(app.id);
  const running = view.started && !view.finished && !view.error;

  const changes = useMemo(() => {
    const before = new Map((now.data?.objects ?? []).map((o) => [o.id, o]));
    const after = new Map((then.data?.objects ?? []).map((o) => [o.id, o]));
    const rows: { label: string; kind: string; action: 'create' | 'update' | 'prune' }[] = [];
    for (const [id, o] of after)
      rows.push({
        label: describeKey(o.key),
        kind: o.key.kind,
        action: before.has(id) ? 'update' : 'create',
      });
    for (const [id, o] of before) {
      if (!after.has(id)) rows.push({ label: describeKey(o.key), kind: o.key.kind, action: 'prune' });
    }
    return rows.sort((a, b) => a.action.localeCompare(b.action) || a.label.localeCompare(b.label));
  }, [now.data, then.data]);

  const loading = now.loading || then.loading;
  const subject = commit.message.split('\n')[0];
  const removed = changes.filter((c) => c.action === 'prune').length;
  const deletions = prune ? changes.filter((c) => c.action === 'prune') : [];
  const needsConfirm = needsPruneConfirm(deletions, now.data?.objects.length ?? 0);
  const [confirm, setConfirm] = useState('');
  const confirmed = !needsConfirm || confirm.trim() === app.name;
  return (
    <Dialog
      title="Roll back to this commit"
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
                  const r = await api.call('rollback.toRevision', {
                    appId: app.id,
                    oid: commit.oid,
                    options: { prune, force: false, applyAll: false, ...(needsConfirm ? { confirm } : {}) },
                  });
                  return { syncId: r.syncId };
                })
              }
            >
              Roll back and sync
            </button>
          </>
        )
      }
    >
      {!view.started ? (
        <>
          <p>
            Make the app&apos;s files what they were at <code>{shortOid(commit.oid)}</code> “{subject}”, as a
            new commit on top of the current one, then sync that.
          </p>
          <TargetLine app={app} verb="Sync to" />
          {loading && <Progress label="Reading both revisions" />}
          <ErrorMessage error={now.error ?? then.error} />
          {changes.length > 0 && (
            <table className="table" aria-label="Rollback plan">
              <tbody>
                {changes.map((r) => (
                  <tr key={`${r.action}:${r.label}`}>
                    <td>{r.label}</td>
                    <td>
                      <span className={`action action-${r.action}`}>{r.action}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <label className="check">
            <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} />
            Prune resources that were not in that commit{removed > 0 ? ` (${removed})` : ''}
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
