import { useState } from 'react';
import type { ApiError } from '../../../src-shared/errors';
import type { AppSettings, AppState, CompareWith, ResourceState } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { AppEventsPanel } from '../events/AppEventsPanel';
import { denialsOf, denialText } from './permissions';
import { ResourceDetails } from './ResourceDetails';
import { ResourceTree } from './ResourceTree';

interface Props {
  app: AppSettings;
  state: AppState | undefined;
  error: ApiError | null;
  loading: boolean;
  compareWith: CompareWith;
  selected: ResourceState | null;
  onSelect(r: ResourceState): void;
  onCloseDetails(): void;
  theme: 'light' | 'dark';
}

/** The right half: the app's live resources and, for the selected one, its diff, events and logs. */
export function ClusterPane({
  app,
  state,
  error,
  loading,
  compareWith,
  selected,
  onSelect,
  onCloseDetails,
  theme,
}: Props) {
  const count = state?.resources.length ?? 0;
  const [eventsOpen, setEventsOpen] = useState(false);
  const denials = denialsOf(state);
  return (
    <section className="pane cluster-pane" aria-label="Cluster" data-pane="cluster" aria-busy={loading}>
      <div className="pane-title">
        <h2>Cluster</h2>
        <span className="muted">
          {count} resource{count === 1 ? '' : 's'}
          {state?.syncing ? ' · syncing…' : ''}
          {state ? ` · compared with ${state.compareWith === 'HEAD' ? 'HEAD' : 'working tree'}` : ''}
        </span>
        <button type="button" aria-pressed={eventsOpen} onClick={() => setEventsOpen((o) => !o)}>
          App events
        </button>
      </div>
      {loading && <Progress label="Comparing with the cluster" />}
      <ErrorMessage error={error} />
      {state && state.connection.status !== 'connected' && (
        <div className="banner banner-bad" role="alert">
          Cluster {state.connection.context}: {state.connection.status}
          {state.connection.message ? ` — ${state.connection.message}` : ''}
        </div>
      )}
      {denials.length > 0 && (
        <div className="banner banner-warn" role="alert" aria-label="Limited access">
          <span>
            {denials.slice(0, 3).map(denialText).join('; ')}
            {denials.length > 3 ? ` and ${denials.length - 3} more` : ''}. Use another context or ask an
            admin; what cannot be read shows as Unknown.
          </span>
        </div>
      )}
      {state && state.problems.length > 0 && (
        <div className="banner banner-warn" role="alert">
          {state.problems.length} manifest problem{state.problems.length > 1 ? 's' : ''}:{' '}
          {state.problems[0]!.file}
          {state.problems[0]!.line ? `:${state.problems[0]!.line}` : ''} — {state.problems[0]!.message}. The
          other resources still sync.
        </div>
      )}
      <div className={`cluster-body ${selected ? 'with-details' : ''}`}>
        {state ? (
          <ResourceTree resources={state.resources} selectedId={selected?.id ?? null} onSelect={onSelect} />
        ) : (
          !error && <div className="pane-empty">Loading resources…</div>
        )}
        {selected && state && (
          <ResourceDetails
            key={selected.id}
            appId={app.id}
            resource={selected}
            compareWith={compareWith}
            theme={theme}
            revision={`${state.revision ?? ''}:${state.comparedAt}`}
            onClose={onCloseDetails}
          />
        )}
      </div>
      {eventsOpen && <AppEventsPanel appId={app.id} state={state} />}
    </section>
  );
}
