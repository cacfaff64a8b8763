import type { ResourceState } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiQuery } from '../../state/use-api';

function ago(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (Number.isNaN(s)) return '';
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  if (s < 86400) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

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
        <table className="table" aria-label={`Events of ${resource.key.kind} ${resource.key.name}`}>
          <thead>
            <tr>
              <th>Type</th>
              <th>Reason</th>
              <th>Message</th>
              <th>Count</th>
              <th>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {q.data.events.map((e, i) => (
              <tr key={i} className={e.type === 'Warning' ? 'row-warn' : undefined}>
                <td>{e.type}</td>
                <td>{e.reason}</td>
                <td className="wrap">{e.message}</td>
                <td>{e.count}</td>
                <td title={e.lastSeen}>{ago(e.lastSeen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
