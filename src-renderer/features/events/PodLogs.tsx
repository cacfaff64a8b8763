import { useEffect, useRef, useState } from 'react';
import type { ResourceState } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiQuery } from '../../state/use-api';

/** A Pod's recent log lines; follow mode re-polls every 2 s while the panel is open. */
export function PodLogs({ appId, resource }: { appId: string; resource: ResourceState }) {
  const [follow, setFollow] = useState(true);
  const q = useApiQuery('state.podLogs', { appId, resourceId: resource.id, tailLines: 500 });
  const { reload } = q;
  const preRef = useRef<HTMLPreElement>(null);

  useEffect(() => {
    if (!follow) return;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [follow, reload]);

  useEffect(() => {
    const pre = preRef.current;
    if (follow && pre) pre.scrollTop = pre.scrollHeight;
  }, [q.data, follow]);

  return (
    <div className="logs-panel" aria-busy={q.loading}>
      <div className="panel-toolbar">
        <label className="check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          Follow
        </label>
        <button type="button" onClick={reload} disabled={q.loading}>
          Reload logs
        </button>
      </div>
      {q.loading && !q.data && <Progress label="Loading logs" />}
      <ErrorMessage error={q.error} />
      {q.data && (
        <pre className="logs" ref={preRef} tabIndex={0} aria-label={`Logs of ${resource.key.name}`}>
          {q.data.text || 'No log output yet.'}
        </pre>
      )}
    </div>
  );
}
