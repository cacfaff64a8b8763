import '../../styles/logs-events.css';
import { useEffect, useRef, useState } from 'react';
import type { AppState } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiEvent, useApiQuery } from '../../state/use-api';
import { EventsTable } from './EventsTable';

const ALL = '';

/**
 * Every Event about the app's objects (its resources and their Pods, ReplicaSets...), newest
 * first, warnings highlighted, filterable by object. The core watches Events and announces a
 * change about one of the app's objects at once; the list then reloads (at most every 300 ms).
 */
export function AppEventsPanel({ appId, state }: { appId: string; state: AppState | undefined }) {
  const q = useApiQuery('events.app', { appId });
  const [object, setObject] = useState(ALL);
  const [warningsOnly, setWarningsOnly] = useState(false);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { reload } = q;

  useApiEvent('events.changed', (e) => {
    if (e.appId !== appId || pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      reload();
    }, 300);
  });
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  // Resources come and go (a rollout makes new Pods): ask again when the tree changes.
  const ids = state?.resources.map((r) => r.id).join('\n') ?? '';
  useEffect(() => reload(), [ids, reload]);

  const events = (q.data?.events ?? []).filter(
    (e) => (!object || e.resourceId === object) && (!warningsOnly || e.type === 'Warning'),
  );
  const objects = [...new Map((q.data?.events ?? []).map((e) => [e.resourceId, e.object])).entries()].sort(
    (a, b) => describeKey(a[1]).localeCompare(describeKey(b[1])),
  );

  return (
    <section className="app-events" aria-label="App events" aria-busy={q.loading}>
      <div className="panel-toolbar">
        <label>
          Object{' '}
          <select
            aria-label="Filter events by object"
            value={object}
            onChange={(e) => setObject(e.target.value)}
          >
            <option value={ALL}>All objects</option>
            {objects.map(([id, key]) => (
              <option key={id} value={id}>
                {describeKey(key)}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={warningsOnly} onChange={(e) => setWarningsOnly(e.target.checked)} />
          Warnings only
        </label>
        <button type="button" onClick={reload} disabled={q.loading}>
          Reload events
        </button>
      </div>
      {q.loading && !q.data && <Progress label="Loading events" />}
      <ErrorMessage error={q.error} />
      {q.data && events.length === 0 && <p className="muted pad">No events for this app.</p>}
      {events.length > 0 && (
        <EventsTable
          label="Events of the app"
          events={events}
          objectOf={(e) => e.object}
          keyOf={(e, i) => `${e.resourceId}-${e.reason}-${e.lastSeen}-${i}`}
        />
      )}
    </section>
  );
}
