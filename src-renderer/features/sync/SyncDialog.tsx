import { useState } from 'react';
import type { AppSettings, SyncOptions } from '../../../src-shared/model';
import { useApi } from '../../api/ApiContext';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiQuery } from '../../state/use-api';
import { TargetLine } from '../apps/TargetLine';
import { SyncPlanTable } from './SyncPlanTable';
import { SyncProgress } from './SyncProgress';
import { useSyncRun } from './use-sync-run';

interface Props {
  app: AppSettings;
  /** Files changed in the working tree (not part of what a sync applies). */
  uncommitted: number;
  onCommitAndSync(): void;
  onClose(): void;
}

/** Plan (server-side dry run) → options → Sync → live progress → summary. */
export function SyncDialog({ app, uncommitted, onCommitAndSync, onClose }: Props) {
  const api = useApi();
  const [options, setOptions] = useState<SyncOptions>({
    prune: app.options.prune,
    force: false,
    applyAll: false,
  });
  const plan = useApiQuery('sync.plan', { appId: app.id, options });
  const { view, start } = useSyncRun(app.id);
  const running = view.started && !view.finished && !view.error;

  const option = (key: 'prune' | 'force' | 'applyAll', label: string, hint: string) => (
    <label className="check" title={hint}>
      <input
        type="checkbox"
        checked={options[key]}
        disabled={view.started}
        onChange={(e) => setOptions({ ...options, [key]: e.target.checked })}
      />
      {label}
    </label>
  );

  const toApply = plan.data?.items.filter((i) => i.action !== 'unchanged' || options.applyAll).length ?? 0;
  const conflicted = [...view.items.values()].some(
    (i) => i.phase === 'failed' && /conflict/i.test(i.message ?? ''),
  );
  const retryForced = async () => {
    const forced = { ...options, force: true };
    setOptions(forced);
    await start(() => api.call('sync.start', { appId: app.id, options: forced, trigger: 'manual' }));
  };
  const hasErrors = plan.data?.items.some((i) => i.action === 'error') ?? false;

  return (
    <Dialog
      title={`Sync ${app.name}`}
      size="wide"
      onClose={onClose}
      busy={plan.loading || running}
      footer={
        view.started ? (
          <>
            {conflicted && !options.force && (
              <button type="button" onClick={() => void retryForced()}>
                Retry with Force conflicts
              </button>
            )}
            <button type="button" className="primary" onClick={onClose} data-autofocus>
              {running ? 'Close (sync continues)' : 'Close'}
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              disabled={!plan.data || plan.loading}
              onClick={() =>
                void start(() => api.call('sync.start', { appId: app.id, options, trigger: 'manual' }))
              }
            >
              {hasErrors ? 'Sync the rest' : 'Sync'}
            </button>
          </>
        )
      }
    >
      <TargetLine app={app} verb="Sync to" />
      {uncommitted > 0 && !view.started && (
        <div className="banner banner-warn" role="alert">
          <span>
            {uncommitted} file{uncommitted > 1 ? 's have' : ' has'} uncommitted changes. Sync applies the
            committed HEAD, so these edits are not included.
          </span>
          <button type="button" onClick={onCommitAndSync}>
            Commit and sync…
          </button>
        </div>
      )}
      <div className="options-row" role="group" aria-label="Sync options">
        {option('prune', 'Prune', 'Delete resources this app created that are no longer in git')}
        {option('force', 'Force conflicts', 'Take over fields owned by another field manager')}
        {option('applyAll', 'Apply all resources', 'Apply every resource, not only the out-of-sync ones')}
      </div>
      {view.started ? (
        <SyncProgress view={view} planned={plan.data?.items ?? []} />
      ) : (
        <section aria-label="Sync plan" aria-busy={plan.loading}>
          {plan.loading && <Progress label="Planning the sync (server-side dry run)" />}
          <ErrorMessage error={plan.error} />
          {plan.data && <SyncPlanTable plan={plan.data} />}
          {plan.data && toApply === 0 && <p className="muted">Everything is in sync; nothing to apply.</p>}
        </section>
      )}
    </Dialog>
  );
}
