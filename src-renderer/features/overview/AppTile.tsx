import type { AppSummary } from '../../../src-shared/model';
import { HealthBadge, SyncBadge } from '../../components/Badge';
import { useContextColor } from '../../state/context-color';
import { useApiEvent, useApiQuery } from '../../state/use-api';
import { lastSyncText } from '../apps/last-sync';

interface Props {
  app: AppSummary;
  syncing: boolean;
  onOpen(): void;
  onSync(): void;
}

/** One app in the overview: status, target, last sync, and Sync in one click. */
export function AppTile({ app, syncing, onOpen, onSync }: Props) {
  const color = useContextColor(app.context);
  const runs = useApiQuery('sync.history', { appId: app.id, limit: 1 });
  useApiEvent('sync.finished', (run) => run.appId === app.id && runs.reload());
  const last = runs.data?.runs[0];
  return (
    <li className="app-tile" style={{ '--context-color': color } as React.CSSProperties}>
      <article aria-label={app.name}>
        <h3>
          <button type="button" className="link-button" onClick={onOpen}>
            {app.name}
          </button>
        </h3>
        <div className="app-badges">
          <SyncBadge status={app.sync} />
          <HealthBadge status={app.health} />
        </div>
        <p className="tile-target">
          <span className="context-chip" title={`Context: ${app.context}`}>
            {app.context}
          </span>{' '}
          / {app.namespace}
        </p>
        <p className="tile-last muted" title={last?.message}>
          Last sync: {lastSyncText(last)}
        </p>
        <div className="tile-actions">
          <button type="button" onClick={onOpen}>
            Open
          </button>
          <button
            type="button"
            className="primary"
            onClick={onSync}
            disabled={syncing}
            aria-label={`Sync ${app.name}`}
          >
            {syncing ? 'Syncing…' : 'Sync'}
          </button>
        </div>
      </article>
    </li>
  );
}
