import { useState } from 'react';
import type { AppSettings, SyncOptions } from '../../../src-shared/model';
import { useApi } from '../../api/ApiContext';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiQuery } from '../../state/use-api';
import { TargetLine } from '../apps/TargetLine';
import { ConfirmPhraseInput } from '../history/PruneConfirmField';
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
    respectManagers: false,
    takeOver: [],
    recreate: [],
  });
  // Typed apart from the options so the plan is not asked again at every keystroke.
  const [confirm, setConfirm] = useState('');
  const plan = useApiQuery('sync.plan', { appId: app.id, options });
  const pruneBlocked = plan.data?.prune?.blocked;
  const pruneConfirm = options.prune ? plan.data?.prune?.confirm : undefined;
  const confirmed = !pruneConfirm || confirm.trim() === pruneConfirm.phrase;
  const startOptions: SyncOptions = { ...options, ...(pruneConfirm ? { confirm } : {}) };
  const { view, start } = useSyncRun(app.id);
  const running = view.started && !view.finished && !view.error;

  const option = (
    key: 'prune' | 'force' | 'applyAll' | 'respectManagers',
    label: string,
    hint: string,
    disabledReason?: string,
  ) => (
    <label className="check" title={disabledReason ?? hint}>
      <input
        type="checkbox"
        checked={options[key] === true && !disabledReason}
        disabled={view.started || disabledReason !== undefined}
        aria-description={disabledReason}
        onChange={(e) => setOptions({ ...options, [key]: e.target.checked })}
      />
      {label}
    </label>
  );
  const takeOver = (id: string, take: boolean) =>
    setOptions({
      ...options,
      takeOver: take ? [...(options.takeOver ?? []), id] : (options.takeOver ?? []).filter((x) => x !== id),
    });

  const recreate = (id: string, yes: boolean) =>
    setOptions({
      ...options,
      recreate: yes ? [...(options.recreate ?? []), id] : (options.recreate ?? []).filter((x) => x !== id),
    });

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
  // Argo CD's shared-resource warning, with the owner named: nothing another engine or app manages
  // is changed until the user says so.
  const owners = [...new Set(plan.data?.items.flatMap((i) => (i.managedBy ? [i.managedBy] : [])) ?? [])];

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
              disabled={!plan.data || plan.loading || !confirmed}
              onClick={() =>
                void start(() =>
                  api.call('sync.start', { appId: app.id, options: startOptions, trigger: 'manual' }),
                )
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
        {option(
          'prune',
          'Prune',
          'Delete resources this app created that are no longer in git',
          pruneBlocked,
        )}
        {option('force', 'Force conflicts', 'Take over fields owned by another field manager')}
        {option('applyAll', 'Apply all resources', 'Apply every resource, not only the out-of-sync ones')}
        {option(
          'respectManagers',
          'Respect other field managers',
          'Never take a field back from another manager, not even one changed by hand with kubectl',
        )}
      </div>
      {owners.length > 0 && !view.started && (
        <div className="banner banner-warn" role="group" aria-label="Objects managed by others">
          <span>
            {plan.data?.items.filter((i) => i.managedBy).length} object(s) here are managed by{' '}
            {owners.join(', ')}. A sync leaves them alone unless you agree to change them.
          </span>
          <label className="check">
            <input
              type="checkbox"
              checked={options.changeShared === true}
              onChange={(e) => setOptions({ ...options, changeShared: e.target.checked })}
            />
            Change objects managed by others
          </label>
        </div>
      )}
      {pruneBlocked && !view.started && (
        <p className="banner banner-warn" role="note" aria-label="Prune is off">
          {pruneBlocked}
        </p>
      )}
      {pruneConfirm && !view.started && (
        <div className="banner banner-bad" role="group" aria-label="Confirm the prune">
          <span>{pruneConfirm.reason}</span>
          <label>
            Type <strong>{pruneConfirm.phrase}</strong> to confirm the deletion{' '}
            <ConfirmPhraseInput phrase={pruneConfirm.phrase} value={confirm} onChange={setConfirm} />
          </label>
        </div>
      )}
      {view.started ? (
        <SyncProgress view={view} planned={plan.data?.items ?? []} />
      ) : (
        <section aria-label="Sync plan" aria-busy={plan.loading}>
          {plan.loading && <Progress label="Planning the sync (server-side dry run)" />}
          <ErrorMessage error={plan.error} />
          {plan.data && (
            <SyncPlanTable
              plan={plan.data}
              takeOver={options.takeOver ?? []}
              onTakeOver={takeOver}
              recreate={options.recreate ?? []}
              onRecreate={recreate}
            />
          )}
          {plan.data && toApply === 0 && <p className="muted">Everything is in sync; nothing to apply.</p>}
        </section>
      )}
    </Dialog>
  );
}
