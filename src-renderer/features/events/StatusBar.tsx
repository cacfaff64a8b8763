import { useEffect, useState } from 'react';
import type { AppSettings, ConnectionState } from '../../../src-shared/model';
import { useConnected } from '../../api/ApiContext';
import { useApiEvent, useApiQuery } from '../../state/use-api';

/**
 * Connection to the core, and to the selected app's cluster: checked when shown and every 30 s,
 * and updated at once when the core's requests find the server gone or back (`kube.connection`).
 */
export function StatusBar({
  app,
  info,
  limitedAccess,
}: {
  app: AppSettings | null;
  info?: string | undefined;
  /** Set when the cluster refused some reads: what was refused (shown on hover). */
  limitedAccess?: string | undefined;
}) {
  const connected = useConnected();
  const check = useApiQuery('kube.check', app ? { context: app.context } : null);
  const { reload } = check;
  useEffect(() => {
    if (!app) return;
    const timer = setInterval(reload, 30000);
    return () => clearInterval(timer);
  }, [app, reload]);

  // The latest word wins, whether it came from a check or from the core.
  const [latest, setLatest] = useState<ConnectionState | undefined>(undefined);
  useEffect(() => setLatest(check.data), [check.data]);
  const context = app?.context;
  useApiEvent('kube.connection', (state) => {
    if (state.context === context) setLatest(state);
  });
  const cluster = latest?.context === context ? latest : undefined;
  const clusterOk = cluster?.status === 'connected';
  return (
    <footer className="status-bar" role="status" aria-label="Status">
      <span className={`status-item ${connected ? 'ok' : 'bad'}`}>
        <span aria-hidden="true">{connected ? '●' : '○'}</span> {connected ? 'Connected' : 'Connecting…'}
      </span>
      {app && (
        <span
          className={`status-item ${cluster ? (clusterOk ? 'ok' : 'bad') : ''}`}
          title={cluster?.message ?? check.error?.message ?? ''}
        >
          <span aria-hidden="true">⎈</span> {app.context}:{' '}
          {check.error ? `unknown (${check.error.message})` : cluster ? cluster.status : 'checking…'}
          {cluster?.serverVersion ? ` · ${cluster.serverVersion}` : ''}
        </span>
      )}
      {app && limitedAccess && (
        <span className="status-item warn" title={limitedAccess}>
          limited access
        </span>
      )}
      <span className="spacer" />
      {info && <span className="status-item">{info}</span>}
    </footer>
  );
}
