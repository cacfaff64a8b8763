import { useCallback, useEffect, useState } from 'react';
import type { AppSettings, EngineStatus, RemoteTracking } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useApi } from '../../api/ApiContext';
import { useApiAction, useApiEvent } from '../../state/use-api';
import { shortOid } from '../../state/status';
import { engineLabel } from './engine-labels';

interface Props {
  app: AppSettings;
  /** Bumped by the header's "Push & reconcile" so the status is read again at once. */
  pokes: number;
}

/** How often the engine's verdict is read while the app view is open. */
const POLL_MS = 3000;

function readyText(s: EngineStatus): string {
  if (!s.found) return 'Not in the cluster';
  if (s.suspended) return 'Suspended';
  return s.ready === 'True' ? 'Ready' : s.ready === 'False' ? 'Not ready' : 'Reconciling';
}

/**
 * Pull mode and desktop pull at a glance: the engine's Ready condition and message, the revision
 * it applied against local HEAD and the remote, suspension (with the switch), and how far a
 * followed branch is ahead or behind.
 */
export function EngineBar({ app, pokes }: Props) {
  const api = useApi();
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [tracking, setTracking] = useState<RemoteTracking | null>(null);
  const [error, setError] = useState<string | null>(null);
  const suspend = useApiAction('engines.setSuspended');
  const pullMode = app.pullMode;

  const read = useCallback(async () => {
    if (!pullMode) return;
    try {
      setStatus(await api.call('engines.status', { appId: app.id }));
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, [api, app.id, pullMode]);

  useEffect(() => {
    if (!pullMode) return;
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => clearInterval(timer);
  }, [pullMode, read, pokes]);

  useEffect(() => {
    if (!app.followRemote) return;
    let live = true;
    void api.call('remote.tracking', { appId: app.id }).then(
      (t) => live && setTracking(t),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, app.id, app.followRemote]);
  useApiEvent('remote.tracking', (e) => {
    if (e.appId === app.id) setTracking(e.tracking);
  });

  if (!pullMode && !app.followRemote) return null;
  const label = pullMode ? engineLabel(pullMode.engine) : '';
  return (
    <section className="engine-bar" aria-label={pullMode ? `${label} status` : 'Remote branch'}>
      {pullMode && (
        <>
          <span
            className={`engine-ready engine-ready-${status ? readyText(status).toLowerCase().replace(/ /g, '-') : 'unknown'}`}
          >
            {label} {pullMode.namespace}/{pullMode.name}: <strong>{status ? readyText(status) : '…'}</strong>
          </span>
          {status?.message && (
            <span className="engine-message" title={status.message}>
              {status.message}
            </span>
          )}
          <span className="engine-revisions">
            applied <code>{shortOid(status?.appliedRevision)}</code> · HEAD{' '}
            <code>{shortOid(status?.localHead)}</code> · remote <code>{shortOid(status?.remoteHead)}</code>
          </span>
          {pullMode.engine === 'flux' && status?.found && (
            <button
              type="button"
              disabled={suspend.busy}
              onClick={async () => {
                const next = await suspend.run({ appId: app.id, suspended: !status.suspended });
                if (next) setStatus(next);
              }}
            >
              {status.suspended ? `Resume ${label}` : `Suspend ${label}`}
            </button>
          )}
        </>
      )}
      {app.followRemote && (
        <span className="remote-tracking" aria-label="Remote branch status">
          following {tracking?.remote ?? 'origin'}/{tracking?.branch ?? '…'} every{' '}
          {app.followRemote.intervalSeconds} s
          {tracking && ` · ${tracking.behind} behind · ${tracking.ahead} ahead`}
          {tracking?.problem && <span className="remote-problem"> — {tracking.problem}</span>}
        </span>
      )}
      {error && (
        <span role="alert" className="field-error">
          {error}
        </span>
      )}
      <ErrorMessage error={suspend.error} inline />
    </section>
  );
}
