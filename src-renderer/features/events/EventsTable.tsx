import type { KubeEvent, ResourceKey } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { ago } from './ago';

interface Props<E extends KubeEvent> {
  /** The table's accessible name. */
  label: string;
  events: E[];
  /** With an Object column: the object each event is about. */
  objectOf?(event: E): ResourceKey;
  keyOf(event: E, index: number): string;
}

/** Kubernetes Events, one row each, warnings highlighted. */
export function EventsTable<E extends KubeEvent>({ label, events, objectOf, keyOf }: Props<E>) {
  return (
    <table className="table" aria-label={label}>
      <thead>
        <tr>
          <th>Type</th>
          {objectOf && <th>Object</th>}
          <th>Reason</th>
          <th>Message</th>
          <th>Count</th>
          <th>Last seen</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e, i) => (
          <tr key={keyOf(e, i)} className={e.type === 'Warning' ? 'row-warn' : undefined}>
            <td>{e.type}</td>
            {objectOf && <td>{describeKey(objectOf(e))}</td>}
            <td>{e.reason}</td>
            <td className="wrap">{e.message}</td>
            <td>{e.count}</td>
            <td title={e.lastSeen}>{ago(e.lastSeen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
