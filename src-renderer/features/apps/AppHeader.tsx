import type { ReactNode } from 'react';
import type { AppSettings, AppState, CompareWith, RepoInfo } from '../../../src-shared/model';
import { HealthBadge, SyncBadge } from '../../components/Badge';
import { shortOid } from '../../state/status';

interface Props {
  app: AppSettings;
  state: AppState | undefined;
  info: RepoInfo | undefined;
  changeCount: number;
  compareWith: CompareWith;
  onCompareWith(value: CompareWith): void;
  refreshing: boolean;
  onRefresh(): void;
  onCommit(): void;
  onSync(): void;
  historyOpen: boolean;
  onHistory(): void;
  onSettings(): void;
  /** Replaces Sync as the primary action (pull mode: Push & reconcile). */
  primaryAction?: ReactNode;
  /** More actions at the end of the toolbar (hand-over, environments). */
  moreActions?: ReactNode;
}

export function AppHeader(props: Props) {
  const { app, state, info, changeCount, compareWith } = props;
  return (
    <header className="app-header">
      <div className="app-title">
        <h1>{app.name}</h1>
        {state ? (
          <span className="app-summary" aria-label="App status">
            <SyncBadge status={state.sync} />
            <HealthBadge status={state.health} />
          </span>
        ) : (
          <span className="muted">…</span>
        )}
      </div>
      <dl className="app-facts">
        <div>
          <dt>Branch</dt>
          <dd>{info?.branch ?? '—'}</dd>
        </div>
        <div className="fact-shrink">
          <dt>HEAD</dt>
          <dd title={info?.headMessage}>
            <code>{shortOid(info?.head)}</code>
            {info?.headMessage && <span className="head-message"> {info.headMessage.split('\n')[0]}</span>}
          </dd>
        </div>
        <div>
          <dt>Cluster</dt>
          <dd>
            {app.context} / {app.namespace}
          </dd>
        </div>
      </dl>
      <div
        role="radiogroup"
        aria-label="Compare with"
        className="segmented"
        title="What the cluster is compared with"
      >
        {(
          [
            ['HEAD', 'HEAD'],
            ['worktree', 'Working tree'],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={compareWith === value}
            className={compareWith === value ? 'active' : undefined}
            onClick={() => props.onCompareWith(value)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="toolbar" role="toolbar" aria-label="App actions">
        <button
          type="button"
          onClick={props.onRefresh}
          aria-busy={props.refreshing}
          disabled={props.refreshing}
          title="Compare again with the cluster"
        >
          {props.refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
        <button type="button" onClick={props.onCommit} title="Commit changed files">
          Commit{changeCount > 0 ? ` (${changeCount})` : ''}
        </button>
        {props.primaryAction}
        <button
          type="button"
          className={props.primaryAction ? undefined : 'primary'}
          onClick={props.onSync}
          title="Sync (Ctrl+Shift+Y)"
        >
          Sync
        </button>
        <button type="button" aria-pressed={props.historyOpen} onClick={props.onHistory}>
          History
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="App settings"
          title="App settings"
          onClick={props.onSettings}
        >
          ⚙
        </button>
        {props.moreActions}
      </div>
    </header>
  );
}
