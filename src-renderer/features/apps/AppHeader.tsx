import type { ReactNode } from 'react';
import type { AppSettings, AppState, CompareWith, RepoInfo } from '../../../src-shared/model';
import { commandHint } from '../../commands/registry';
import { HealthBadge, SyncBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { useContextColor } from '../../state/context-color';
import { shortOid } from '../../state/status';
import { useApiEvent, useApiQuery } from '../../state/use-api';
import { lastSyncText } from './last-sync';
import { useServerUrl } from './TargetLine';

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
  const color = useContextColor(app.context);
  const server = useServerUrl(app.context);
  const runs = useApiQuery('sync.history', { appId: app.id, limit: 1 });
  useApiEvent('sync.finished', (run) => run.appId === app.id && runs.reload());
  const last = runs.data?.runs[0];
  return (
    <header className="app-header" style={{ '--context-color': color } as React.CSSProperties}>
      <div className="app-header-row">
        <div className="app-title">
          <h1>{app.name}</h1>
          {state ? (
            <span
              className="app-summary"
              aria-label={`App status${state.compareWith === 'worktree' ? ' (working tree)' : ''}`}
            >
              <SyncBadge status={state.sync} reason={state.syncReason} />
              <HealthBadge status={state.health} />
              {state.compareWith === 'worktree' && <span className="mode-tag">Working tree</span>}
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
            <dt>Last sync</dt>
            <dd title={last?.message ? `${lastSyncText(last)}: ${last.message}` : lastSyncText(last)}>
              {lastSyncText(last)}
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
          <button type="button" onClick={props.onCommit} title={commandHint('app.commit')}>
            Commit{changeCount > 0 ? ` (${changeCount})` : ''}
          </button>
          {props.primaryAction}
          <button
            type="button"
            className={props.primaryAction ? undefined : 'primary'}
            onClick={props.onSync}
            title={commandHint('app.sync')}
          >
            Sync
          </button>
          <button
            type="button"
            aria-pressed={props.historyOpen}
            onClick={props.onHistory}
            title={commandHint('app.history')}
          >
            History
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="App settings"
            title="App settings"
            onClick={props.onSettings}
          >
            <Icon name="gear" />
          </button>
          {props.moreActions}
        </div>
      </div>
      <div className="app-target" role="group" aria-label="Target cluster">
        <span className="target-label">Cluster</span>
        <span className="context-chip target-context" title={`Context: ${app.context}`}>
          {app.context}
        </span>
        <span className="target-sep">/</span>
        <span className="target-namespace" title={`Namespace: ${app.namespace}`}>
          {app.namespace}
        </span>
        {server && (
          <span className="target-server muted" title={server}>
            {server}
          </span>
        )}
      </div>
    </header>
  );
}
