import type { ResourceState } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiQuery } from '../../state/use-api';
import { EventsTable } from './EventsTable';

export function EventsList({ appId, resource }: { appId: string; resource: ResourceState }) {
  const q = useApiQuery('state.events', { appId, resourceId: resource.id });
  return (
    <div className="events-panel" aria-busy={q.loading}>
      <div className="panel-toolbar">
        <button type="button" onClick={q.reload} disabled={q.loading}>
          Reload events
        </button>
      </div>
      {q.loading && !q.data && <Progress label="Loading events" />}
      <ErrorMessage error={q.error} />
      {q.data && q.data.events.length === 0 && <p className="muted pad">No events for this resource.</p>}
      {q.data && q.data.events.length > 0 && (
        <EventsTable
          label={`Events of ${resource.key.kind} ${resource.key.name}`}
          events={q.data.events}
          keyOf={(_, i) => String(i)}
        />
      )}
    </div>
  );
}
