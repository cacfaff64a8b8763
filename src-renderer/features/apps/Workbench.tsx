import { useEffect, useMemo, useState } from 'react';
import type { AppSummary } from '../../../src-shared/model';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useToasts } from '../../components/Toasts';
import { useLeaveGuard } from '../../state/leave-guard';
import { useApiAction } from '../../state/use-api';
import { useColorScheme } from '../../state/use-color-scheme';
import { StatusBar } from '../events/StatusBar';
import { useNotices } from '../events/use-notices';
import { AddAppDialog } from './AddAppDialog';
import { AppsSidebar } from './AppsSidebar';
import { AppView } from './AppView';
import { EditAppDialog } from './EditAppDialog';
import { useApps } from './use-apps';
import { Welcome } from './Welcome';

const lastAppKey = 'gitops-desktop.selected-app';

/** The window: apps on the left, the selected app's view, the status bar; and the app dialogs. */
export function Workbench() {
  const theme = useColorScheme();
  const toasts = useToasts();
  const guard = useLeaveGuard();
  const { apps, problem, error, reload } = useApps();
  const [selectedId, setSelectedId] = useState<string | null>(() => localStorage.getItem(lastAppKey));
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<AppSummary | null>(null);
  const [removing, setRemoving] = useState<AppSummary | null>(null);
  const sample = useApiAction('apps.createSample');
  const remove = useApiAction('apps.remove');
  const names = useMemo(() => new Map((apps ?? []).map((a) => [a.id, a.name])), [apps]);
  useNotices(names);

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

  const select = async (id: string) => {
    if (id === selectedId) return;
    if (await guard.confirmLeave()) setSelectedId(id);
  };

  const createSample = async () => {
    const app = await sample.run({});
    if (app) {
      reload();
      setSelectedId(app.id);
      toasts.show('success', `Created ${app.name} in ${app.repoPath}`);
    }
  };

  return (
    <div className="workbench" data-theme={theme}>
      <AppsSidebar
        apps={apps}
        selectedId={selected?.id ?? null}
        onSelect={(id) => void select(id)}
        onAdd={() => setAdding(true)}
        onEdit={setEditing}
        onRemove={setRemoving}
      />
      <main className="main">
        {error && <ErrorMessage error={error} />}
        {selected ? (
          <AppView
            key={selected.id}
            app={selected}
            theme={theme}
            onSettings={() => setEditing(selected)}
            apps={apps ?? []}
            onOpenApp={(id) => void select(id)}
            onAppsChanged={reload}
          />
        ) : (
          apps && (
            <Welcome
              onSample={() => void createSample()}
              onAdd={() => setAdding(true)}
              busy={sample.busy}
              error={sample.error}
            />
          )
        )}
      </main>
      <StatusBar
        app={selected}
        info={apps ? `${apps.length} app${apps.length === 1 ? '' : 's'}` : undefined}
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
