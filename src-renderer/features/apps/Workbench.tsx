import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppState, AppSummary } from '../../../src-shared/model';
import { useCommands } from '../../commands/CommandsProvider';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useToasts } from '../../components/Toasts';
import { useLeaveGuard } from '../../state/leave-guard';
import { useApiAction } from '../../state/use-api';
import { useColorScheme } from '../../state/use-color-scheme';
import { StatusBar } from '../events/StatusBar';
import { useNotices } from '../events/use-notices';
import { Overview } from '../overview/Overview';
import { denialsOf, denialText } from '../resources/permissions';
import { AddAppDialog } from './AddAppDialog';
import { AppsSidebar } from './AppsSidebar';
import { AppView } from './AppView';
import { EditAppDialog } from './EditAppDialog';
import { SampleAppDialog } from './SampleAppDialog';
import { useApps } from './use-apps';
import { Welcome } from './Welcome';

const lastAppKey = 'gitops-desktop.selected-app';

/** The window: apps on the left, the selected app's view, the status bar; and the app dialogs. */
export function Workbench() {
  const theme = useColorScheme();
  const toasts = useToasts();
  const guard = useLeaveGuard();
  const { apps, problem, error, reload, noteState } = useApps();
  const [selectedId, setSelectedId] = useState<string | null>(() => localStorage.getItem(lastAppKey));
  const [adding, setAdding] = useState(false);
  const [sampleOpen, setSampleOpen] = useState(false);
  const [overview, setOverview] = useState(false);
  const [limited, setLimited] = useState<{ appId: string; text: string } | null>(null);
  // Stable, so the open app reports its state once per change (not once per render).
  const onAppState = useCallback(
    (s: AppState) => {
      noteState(s);
      const text = denialsOf(s).map(denialText).join('; ');
      setLimited((cur) =>
        text ? (cur?.appId === s.appId && cur.text === text ? cur : { appId: s.appId, text }) : null,
      );
    },
    [noteState],
  );
  const [editing, setEditing] = useState<AppSummary | null>(null);
  const [removing, setRemoving] = useState<AppSummary | null>(null);
  const sample = useApiAction('apps.createSample');
  const remove = useApiAction('apps.remove');
  const names = useMemo(() => new Map((apps ?? []).map((a) => [a.id, a.name])), [apps]);
  useNotices(names, (id) => void select(id));

  const selected = apps?.find((a) => a.id === selectedId) ?? null;
  useEffect(() => {
    // Keep a valid selection: the remembered app, else the first one.
    if (apps && !selected && apps.length > 0) setSelectedId(apps[0]!.id);
  }, [apps, selected]);
  useEffect(() => {
    if (selectedId) localStorage.setItem(lastAppKey, selectedId);
  }, [selectedId]);
  useEffect(() => {
    if (problem)
      toasts.show('warning', `${problem.message}${problem.keptAs ? ` (kept as ${problem.keptAs})` : ''}`);
  }, [problem, toasts]);

  useCommands({
    'app.add': () => setAdding(true),
    'app.overview': () => void showOverview(),
  });

  const showOverview = async () => {
    if (overview) return;
    if (await guard.confirmLeave()) setOverview(true);
  };

  const select = async (id: string) => {
    if (id === selectedId && !overview) return;
    if (overview || (await guard.confirmLeave())) {
      setSelectedId(id);
      setOverview(false);
    }
  };

  const createSample = async (target: { context: string; namespace: string }) => {
    const app = await sample.run(target);
    if (app) {
      setSampleOpen(false);
      reload();
      setSelectedId(app.id);
      toasts.show('success', `Created ${app.name} in ${app.repoPath}`);
    }
  };

  return (
    <div className="workbench" data-theme={theme}>
      <AppsSidebar
        apps={apps}
        selectedId={overview ? null : (selected?.id ?? null)}
        overview={overview}
        onOverview={() => void showOverview()}
        onSelect={(id) => void select(id)}
        onAdd={() => setAdding(true)}
        onEdit={setEditing}
        onRemove={setRemoving}
      />
      <main className="main">
        {error && <ErrorMessage error={error} />}
        {overview && apps ? (
          <Overview apps={apps} onOpen={(id) => void select(id)} />
        ) : selected ? (
          <AppView
            key={selected.id}
            app={selected}
            theme={theme}
            onSettings={() => setEditing(selected)}
            onState={onAppState}
            apps={apps ?? []}
            onOpenApp={(id) => void select(id)}
            onAppsChanged={reload}
          />
        ) : (
          apps && <Welcome onSample={() => setSampleOpen(true)} onAdd={() => setAdding(true)} />
        )}
      </main>
      <StatusBar
        app={selected}
        info={apps ? `${apps.length} app${apps.length === 1 ? '' : 's'}` : undefined}
        limitedAccess={limited && limited.appId === selected?.id ? limited.text : undefined}
      />
      {adding && (
        <AddAppDialog
          onClose={() => setAdding(false)}
          onAdded={(app) => {
            setAdding(false);
            reload();
            setSelectedId(app.id);
          }}
        />
      )}
      {sampleOpen && (
        <SampleAppDialog
          busy={sample.busy}
          error={sample.error}
          onCreate={(target) => void createSample(target)}
          onClose={() => setSampleOpen(false)}
        />
      )}
      {editing && <EditAppDialog app={editing} onClose={() => setEditing(null)} />}
      {removing && (
        <ConfirmDialog
          title="Remove app"
          confirmLabel="Remove"
          danger
          busy={remove.busy}
          onCancel={() => setRemoving(null)}
          onConfirm={async () => {
            const r = await remove.run({ appId: removing.id });
            if (r) {
              if (removing.id === selectedId) setSelectedId(null);
              setRemoving(null);
            }
          }}
        >
          <p>
            Remove <strong>{removing.name}</strong> from GitOps Desktop? The repository at{' '}
            <code>{removing.repoPath}</code> and the resources in the cluster are left as they are.
          </p>
          <ErrorMessage error={remove.error} />
        </ConfirmDialog>
      )}
    </div>
  );
}
