import { useEffect, useMemo, useState } from 'react';
import type { AppSettings, CommitInfo, SyncRun } from '../../../src-shared/model';
import { useApi } from '../../api/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiEvent, useApiQuery } from '../../state/use-api';
import { shortOid } from '../../state/status';
import { CommitDetails } from './CommitDetails';
import { RollbackDialog } from './RollbackDialog';
import { SyncDeletions } from './SyncDeletions';
import { RollbackToDialog } from './RollbackToDialog';

interface Props {
  app: AppSettings;
  theme: 'light' | 'dark';
  onClose(): void;
}

function when(ts: number): string {
  return new Date(ts * 1000).toLocaleString();
}

/** Every commit of the app, the syncs that applied it, its diff, and rollback. */
export function HistoryView({ app, theme, onClose }: Props) {
  const api = useApi();
  const log = useApiQuery('repo.log', { appId: app.id, limit: 50 });
  const runs = useApiQuery('sync.history', { appId: app.id, limit: 200 });
  const [more, setMore] = useState<CommitInfo[]>([]);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  const [rollback, setRollback] = useState<CommitInfo | null>(null);
  const [rollbackTo, setRollbackTo] = useState<CommitInfo | null>(null);

  useEffect(() => {
    setMore([]);
    setNext(log.data?.next);
  }, [log.data]);
  useApiEvent('sync.finished', (run) => run.appId === app.id && runs.reload());
  useApiEvent('sync.healthy', (run) => run.appId === app.id && runs.reload());
  useApiEvent('repo.changed', (p) => p.appId === app.id && p.headChanged && log.reload());

  const commits = useMemo(() => [...(log.data?.commits ?? []), ...more], [log.data, more]);
  const syncsByRevision = useMemo(() => {
    const map = new Map<string, SyncRun[]>();
    for (const run of runs.data?.runs ?? []) map.set(run.revision, [...(map.get(run.revision) ?? []), run]);
    return map;
  }, [runs.data]);
  const current = commits.find((c) => c.oid === selected) ?? commits[0] ?? null;
  // What the cluster runs now: the revision of the latest successful sync (runs are newest first).
  const deployed = runs.data?.runs.find((r) => r.phase === 'Succeeded')?.revision ?? null;

  const loadMore = async () => {
    if (!next) return;
    const page = await api.call('repo.log', { appId: app.id, limit: 50, cursor: next });
    setMore((m) => [...m, ...page.commits]);
    setNext(page.next);
  };

  return (
    <section className="history" aria-label="History" data-pane="history">
      <div className="history-header">
        <h2>History</h2>
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          Close history
        </button>
      </div>
      <div className="history-body">
        <div className="commit-list" aria-busy={log.loading}>
          {log.loading && !log.data && <Progress label="Loading history" />}
          <ErrorMessage error={log.error} />
          <ul role="listbox" aria-label="Commits">
            {commits.map((c) => {
              const syncs = syncsByRevision.get(c.oid) ?? [];
              const isCurrent = c.oid === current?.oid;
              return (
                <li
                  key={c.oid}
                  role="option"
                  aria-selected={isCurrent}
                  className={isCurrent ? 'active' : undefined}
                  onClick={() => setSelected(c.oid)}
                >
                  <div className="commit-line">
                    <code>{shortOid(c.oid)}</code>
                    <span className="commit-subject">{c.message.split('\n')[0]}</span>
                    {c.oid === deployed && <span className="deployed-mark">Deployed</span>}
                  </div>
                  <div className="commit-meta muted">
                    {c.author.name} · {when(c.author.timestamp)}
                  </div>
                  {syncs.length > 0 && (
                    <div className="commit-syncs">
                      {syncs.map((s) => (
                        <span key={s.id}>
                          <span
                            className={`phase phase-${s.phase.toLowerCase()}`}
                            title={
                              s.message ?? `${s.trigger} sync, ${new Date(s.startedAt).toLocaleString()}`
                            }
                          >
                            {s.trigger === 'manual' ? 'synced' : s.trigger}{' '}
                            {s.phase === 'Succeeded' && !s.deleted?.length ? '✓' : s.phase}
                          </span>
                          <SyncDeletions run={s} />
                        </span>
                      ))}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
          {next && (
            <button type="button" onClick={() => void loadMore()}>
              Load more commits
            </button>
          )}
        </div>
        {current && (
          <div className="history-detail">
            <div className="history-detail-header">
              <strong>{current.message.split('\n')[0]}</strong>
              <code className="muted">{shortOid(current.oid)}</code>
              <span className="spacer" />
              <button
                type="button"
                onClick={() => setRollback(current)}
                disabled={current.parents.length === 0}
                title="Undo only this commit's changes with a new commit, then sync"
              >
                Revert this commit…
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => setRollbackTo(current)}
                disabled={current.oid === commits[0]?.oid}
                title="Make the app's files what they were at this commit (a new commit), then sync"
              >
                Roll back to this commit…
              </button>
            </div>
            <CommitDetails key={current.oid} appId={app.id} commit={current} theme={theme} />
          </div>
        )}
      </div>
      {rollback && <RollbackDialog app={app} commit={rollback} onClose={() => setRollback(null)} />}
      {rollbackTo && <RollbackToDialog app={app} commit={rollbackTo} onClose={() => setRollbackTo(null)} />}
    </section>
  );
}
