import { useMemo, useState } from 'react';
import type { AppSummary } from '../../../src-shared/model';
import { useApi } from '../../api/ApiContext';
import { useToasts } from '../../components/Toasts';
import { toApiError } from '../../../src-shared/errors';
import { AppTile } from './AppTile';
import { anyApp, filterApps, type OverviewFilter } from './overview-filter';

interface Props {
  apps: AppSummary[];
  onOpen(id: string): void;
}

const statuses = [
  'OutOfSync',
  'Synced',
  'Unknown',
  'Healthy',
  'Progressing',
  'Degraded',
  'Missing',
  'Suspended',
];

/** Every app at a glance (Argo CD's applications page): filter by status and context, search, Sync. */
export function Overview({ apps, onOpen }: Props) {
  const api = useApi();
  const toasts = useToasts();
  const [filter, setFilter] = useState<OverviewFilter>(anyApp);
  const [syncing, setSyncing] = useState<ReadonlySet<string>>(new Set());
  const contexts = useMemo(() => [...new Set(apps.map((a) => a.context))].sort(), [apps]);
  const shown = useMemo(() => filterApps(apps, filter), [apps, filter]);

  const sync = async (app: AppSummary) => {
    setSyncing((s) => new Set(s).add(app.id));
    try {
      await api.call('sync.start', {
        appId: app.id,
        options: { prune: app.options.prune, force: false, applyAll: false },
        trigger: 'manual',
      });
      toasts.show('info', `Sync of ${app.name} to ${app.context} / ${app.namespace} started`, [
        { label: 'Open app', run: () => onOpen(app.id) },
      ]);
    } catch (err) {
      toasts.show('error', `Sync of ${app.name} did not start: ${toApiError(err).message}`);
    } finally {
      setSyncing((s) => {
        const next = new Set(s);
        next.delete(app.id);
        return next;
      });
    }
  };

  return (
    <section className="overview" aria-label="Apps overview" data-pane="overview">
      <div className="overview-header">
        <h1>Apps</h1>
        <input
          type="search"
          aria-label="Search apps"
          placeholder="Search by name, context, namespace"
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
        <label className="inline-field">
          Status
          <select value={filter.status} onChange={(e) => setFilter({ ...filter, status: e.target.value })}>
            <option value="">Any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          Context
          <select value={filter.context} onChange={(e) => setFilter({ ...filter, context: e.target.value })}>
            <option value="">Any</option>
            {contexts.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" role="status">
          {shown.length} of {apps.length} apps
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="pane-empty">No app matches.</p>
      ) : (
        <ul className="app-tiles" aria-label="Apps">
          {shown.map((app) => (
            <AppTile
              key={app.id}
              app={app}
              syncing={syncing.has(app.id)}
              onOpen={() => onOpen(app.id)}
              onSync={() => void sync(app)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
