import { useEffect, useState } from 'react';
import type { AppSummary, SyncRun } from '../../../src-shared/model';
import { HealthBadge, SyncBadge } from '../../components/Badge';
import { useApi } from '../../api/ApiContext';
import { shortOid } from '../../state/status';
import { engineLabel } from '../engines/engine-labels';

interface Props {
  app: AppSummary;
  apps: AppSummary[];
  onOpen(appId: string): void;
  onClose(): void;
}

/** The apps that deploy the same folder of the same repository: one per environment. */
export function siblingsOf(app: AppSummary, apps: AppSummary[]): AppSummary[] {
  return apps.filter((a) => a.repoPath === app.repoPath && a.appPath === app.appPath);
}

/** Environments side by side: where each one runs, what it last synced, and how it is doing. */
export function EnvironmentsView({ app, apps, onOpen, onClose }: Props) {
  const api = useApi();
  const siblings = siblingsOf(app, apps);
  const [runs, setRuns] = useState<Record<string, SyncRun | null>>({});
  const key = siblings.map((s) => s.id).join(',');

  useEffect(() => {
    let live = true;
    for (const id of key.split(',')) {
      void api.call('sync.history', { appId: id, limit: 1 }).then(
        ({ runs: [last] }) => live && setRuns((r) => ({ ...r, [id]: last ?? null })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [api, key]);

  return (
    <section className="pane environments" aria-label="Environments">
      <div className="pane-title">
        <h2>Environments</h2>
        <span className="muted">{app.appPath || '/'}</span>
        <button type="button" onClick={onClose}>
          Close environments
        </button>
      </div>
      <table className="environments-table">
        <thead>
          <tr>
            <th scope="col">App</th>
            <th scope="col">Context / namespace</th>
            <th scope="col">Revision</th>
            <th scope="col">Sync</th>
            <th scope="col">Health</th>
            <th scope="col">Mode</th>
          </tr>
        </thead>
        <tbody>
          {siblings.map((s) => {
            const run = runs[s.id];
            return (
              <tr key={s.id} aria-current={s.id === app.id ? 'true' : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onOpen(s.id)}>
                    {s.name}
                  </button>
                </th>
                <td>
                  {s.context} / {s.namespace}
                </td>
                <td>
                  {run ? (
                    <span title={`${run.phase} at ${run.finishedAt ?? run.startedAt}`}>
                      <code>{shortOid(run.revision)}</code> {run.phase}
                    </span>
                  ) : run === null ? (
                    'never synced'
                  ) : (
                    '…'
                  )}
                </td>
                <td>
                  <SyncBadge status={s.sync} />
                </td>
                <td>
                  <HealthBadge status={s.health} />
                </td>
                <td>{s.pullMode ? `pull (${engineLabel(s.pullMode.engine)})` : 'push'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
