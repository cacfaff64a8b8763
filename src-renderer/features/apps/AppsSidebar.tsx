import type { AppSummary } from '../../../src-shared/model';
import { HealthBadge, SyncBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { contextColor } from '../../state/context-color';

interface Props {
  apps: AppSummary[] | undefined;
  selectedId: string | null;
  onSelect(id: string): void;
  onAdd(): void;
  onEdit(app: AppSummary): void;
  onRemove(app: AppSummary): void;
  overview: boolean;
  onOverview(): void;
}

export function AppsSidebar({
  apps,
  selectedId,
  onSelect,
  onAdd,
  onEdit,
  onRemove,
  overview,
  onOverview,
}: Props) {
  return (
    <nav className="sidebar" aria-label="Apps" data-pane="apps">
      <div className="sidebar-header">
        <h2>Apps</h2>
        <span className="spacer" />
        {apps && apps.length > 0 && (
          <button
            type="button"
            className="overview-button"
            aria-pressed={overview}
            onClick={onOverview}
            title="All apps at a glance"
          >
            Overview
          </button>
        )}
        <button type="button" className="icon-button" aria-label="Add app" title="Add app" onClick={onAdd}>
          <Icon name="plus" />
        </button>
      </div>
      {apps === undefined ? (
        <div className="sidebar-empty" aria-busy="true">
          Loading…
        </div>
      ) : apps.length === 0 ? (
        <p className="sidebar-empty">No apps yet.</p>
      ) : (
        <ul className="app-list">
          {apps.map((app) => (
            <li key={app.id} className={app.id === selectedId ? 'selected' : undefined}>
              <button
                type="button"
                className="app-item"
                aria-current={app.id === selectedId ? 'page' : undefined}
                onClick={() => onSelect(app.id)}
              >
                <span className="app-name">{app.name}</span>
                <span
                  className="app-meta"
                  style={{ '--context-color': contextColor(app.context) } as React.CSSProperties}
                >
                  <span className="context-chip">{app.context}</span> · {app.namespace}
                </span>
                <span className="app-badges">
                  <SyncBadge status={app.sync} />
                  <HealthBadge status={app.health} />
                </span>
              </button>
              <span className="app-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Edit ${app.name}`}
                  title="Edit settings"
                  onClick={() => onEdit(app)}
                >
                  <Icon name="pencil" />
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove ${app.name}`}
                  title="Remove app"
                  onClick={() => onRemove(app)}
                >
                  <Icon name="trash" />
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
