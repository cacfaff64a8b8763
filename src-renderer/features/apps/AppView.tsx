import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AppState, AppSummary, CompareWith, EngineKind, ResourceState } from '../../../src-shared/model';
import { useCommands } from '../../commands/CommandsProvider';
import { Splitter } from '../../components/Splitter';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useToasts } from '../../components/Toasts';
import { useApiAction, useApiQuery } from '../../state/use-api';
import { bufferedPaths } from '../../state/unsaved-buffers';
import type { EditorCommand } from '../../monaco';
import { CommitDialog } from '../commit/CommitDialog';
import { EditorPane } from '../editor/EditorPane';
import { FileTree } from '../editor/FileTree';
import { QuickOpen } from '../editor/QuickOpen';
import { UnsavedChangesDialog } from '../editor/UnsavedChangesDialog';
import { useEditor } from '../editor/use-editor';
import { HistoryView } from '../history/HistoryView';
import { ClusterPane } from '../resources/ClusterPane';
import { resourceAtLine } from '../resources/resource-tree';
import { SyncDialog } from '../sync/SyncDialog';
import { AppHeader } from './AppHeader';
import { EngineActions } from '../engines/EngineActions';
import { EngineBar } from '../engines/EngineBar';
import { HandOverDialog } from '../engines/HandOverDialog';
import { DeployToDialog } from '../environments/DeployToDialog';
import { EnvironmentsView } from '../environments/EnvironmentsView';
import { useAppData } from './use-app-data';

interface Props {
  app: AppSummary;
  theme: 'light' | 'dark';
  onSettings(): void;
  /** The state this view fetched, so the apps list shows the same status as the header. */
  onState?(state: AppState): void;
  /** Every app, for the Environments view. */
  apps?: AppSummary[];
  onOpenApp?(appId: string): void;
  onAppsChanged?(): void;
}

export function AppView({ app, theme, onSettings, onState, apps = [], onOpenApp, onAppsChanged }: Props) {
  const toasts = useToasts();
  const [compareWith, setCompareWith] = useState<CompareWith>('HEAD');
  const [split, setSplit] = useState(50);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [commitOpen, setCommitOpen] = useState<false | 'commit' | 'commit-and-sync'>(false);
  const [syncOpen, setSyncOpen] = useState(false);
  const [quickOpen, setQuickOpen] = useState(false);
  const [handOver, setHandOver] = useState<EngineKind | null>(null);
  const [deployTo, setDeployTo] = useState(false);
  const [environmentsOpen, setEnvironmentsOpen] = useState(false);
  const [enginePokes, setEnginePokes] = useState(0);
  const pushReconcile = useApiAction('engines.pushAndReconcile');
  const release = useApiAction('engines.release');
  const editor = useEditor(app.id);
  const data = useAppData(app.id, compareWith, editor.onExternalChange);
  const schemas = useApiQuery('kube.schemas', { context: app.context });
  const refresh = useApiAction('state.refresh');
  const { buffer, open } = editor;

  // Reopen a file whose unsaved edits survived a reload, so they are visible at once.
  useEffect(() => {
    const [first] = bufferedPaths(app.id);
    if (first) void open(first);
  }, [app.id, open]);

  useEffect(() => {
    if (data.state) onState?.(data.state);
  }, [data.state, onState]);

  const resources = useMemo(() => data.state?.resources ?? [], [data.state]);
  const selected = resources.find((r) => r.id === selectedId) ?? null;
  const dirtyPaths = useMemo(() => {
    const set = new Set(bufferedPaths(app.id));
    if (buffer && buffer.content !== buffer.base) set.add(buffer.path);
    else if (buffer) set.delete(buffer.path);
    return set;
  }, [app.id, buffer]);

  const selectResource = useCallback(
    (r: ResourceState) => {
      setSelectedId(r.id);
      // A Secret's file holds its plain values: never put them on screen unasked.
      const isSecret = r.key.kind === 'Secret' && r.key.group === '';
      // A rendered object opens its template / resource file when the renderer named one.
      const opens = r.source && (!r.source.renderedBy || r.source.fromTemplate);
      if (r.source && opens && !isSecret) void open(r.source.file, r.source.startLine);
    },
    [open],
  );

  const onCursorLine = useCallback(
    (line: number) => {
      if (!buffer) return;
      const r = resourceAtLine(resources, buffer.path, line);
      if (r) setSelectedId(r.id);
    },
    [buffer, resources],
  );

  const doRefresh = async () => {
    const s = await refresh.run({ appId: app.id, compareWith, hard: true });
    if (s) data.setState(s);
  };

  const shortcuts = {
    save: () => {
      if (editor.dirty) void editor.save();
    },
    sync: () => setSyncOpen(true),
    quickOpen: () => setQuickOpen(true),
  };
  useCommands({
    'file.save': shortcuts.save,
    'file.quickOpen': shortcuts.quickOpen,
    'app.sync': shortcuts.sync,
    'app.commit': () => setCommitOpen('commit'),
    'app.refresh': () => void doRefresh(),
    'app.history': () => setHistoryOpen((h) => !h),
    'app.settings': onSettings,
    'compare.head': () => setCompareWith('HEAD'),
    'compare.worktree': () => setCompareWith('worktree'),
  });
  const onEditorCommand = (command: EditorCommand) => {
    if (command === 'commit') setCommitOpen('commit');
    else shortcuts[command]();
  };

  const onCommitted = (oid: string) => {
    const thenSync = commitOpen === 'commit-and-sync';
    toasts.show(
      'success',
      `Committed ${oid.slice(0, 7)}`,
      thenSync ? undefined : [{ label: 'Sync now', run: () => setSyncOpen(true) }],
    );
    setCommitOpen(false);
    data.reloadStatus();
    data.reloadInfo();
    if (thenSync) setSyncOpen(true);
  };

  return (
    <div className="app-view">
      <AppHeader
        app={app}
        state={data.state}
        info={data.info}
        changeCount={data.changes.length}
        compareWith={compareWith}
        onCompareWith={setCompareWith}
        refreshing={refresh.busy}
        onRefresh={() => void doRefresh()}
        onCommit={() => setCommitOpen('commit')}
        onSync={() => setSyncOpen(true)}
        historyOpen={historyOpen}
        onHistory={() => setHistoryOpen((h) => !h)}
        onSettings={onSettings}
        primaryAction={
          app.pullMode && (
            <button
              type="button"
              className="primary"
              disabled={pushReconcile.busy}
              aria-busy={pushReconcile.busy}
              onClick={async () => {
                const r = await pushReconcile.run({ appId: app.id });
                setEnginePokes((n) => n + 1);
                if (r) toasts.show('success', `Pushed and asked the engine to reconcile at ${r.requestedAt}`);
                else toasts.show('error', 'Push & reconcile failed; see the engine status.');
              }}
            >
              {pushReconcile.busy ? 'Pushing…' : 'Push & reconcile'}
            </button>
          )
        }
        moreActions={
          <EngineActions
            app={app}
            environmentsOpen={environmentsOpen}
            onHandOver={setHandOver}
            onDeployTo={() => setDeployTo(true)}
            onEnvironments={() => setEnvironmentsOpen((o) => !o)}
            onRelease={async () => {
              if (await release.run({ appId: app.id })) onAppsChanged?.();
            }}
          />
        }
      />
      <EngineBar app={app} pokes={enginePokes} />
      {pushReconcile.error && <ErrorMessage error={pushReconcile.error} />}
      {environmentsOpen ? (
        <EnvironmentsView
          app={app}
          apps={apps}
          onOpen={(id) => onOpenApp?.(id)}
          onClose={() => setEnvironmentsOpen(false)}
        />
      ) : historyOpen ? (
        <HistoryView app={app} theme={theme} onClose={() => setHistoryOpen(false)} />
      ) : (
        <div className="split" style={{ gridTemplateColumns: `${split}fr 6px ${100 - split}fr` }}>
          <section className="pane repo-pane" aria-label="Repository">
            <div className="pane-title">
              <h2>Repository</h2>
              <span className="muted">{app.appPath || '/'}</span>
            </div>
            <div className="repo-body">
              <div className="file-tree-host" data-pane="files">
                <FileTree
                  files={data.files}
                  changes={data.changes}
                  problems={data.problems}
                  selectedPath={buffer?.path ?? null}
                  dirtyPaths={dirtyPaths}
                  loading={data.filesLoading}
                  onOpen={(p) => void open(p)}
                />
              </div>
              <EditorPane
                editor={editor}
                problems={data.problems}
                theme={theme}
                schemas={schemas.data}
                onCursorLine={onCursorLine}
                onCommand={onEditorCommand}
              />
            </div>
          </section>
          <Splitter label="Resize the repository and cluster panes" value={split} onChange={setSplit} />
          <ClusterPane
            app={app}
            state={data.state}
            error={data.stateError ?? refresh.error}
            loading={data.stateLoading || refresh.busy}
            compareWith={compareWith}
            selected={selected}
            onSelect={selectResource}
            onCloseDetails={() => setSelectedId(null)}
            theme={theme}
          />
        </div>
      )}
      {handOver && (
        <HandOverDialog
          app={app}
          engine={handOver}
          theme={theme}
          onClose={() => setHandOver(null)}
          onDone={(r) => {
            setHandOver(null);
            onAppsChanged?.();
            toasts.show(
              'success',
              `${r.commit ? `Committed ${r.commit.slice(0, 7)}. ` : ''}${r.applied.length ? `Applied ${r.applied.join(', ')}.` : ''}`,
            );
          }}
        />
      )}
      {deployTo && (
        <DeployToDialog
          app={app}
          onClose={() => setDeployTo(false)}
          onCreated={(created) => {
            setDeployTo(false);
            onAppsChanged?.();
            setEnvironmentsOpen(true);
            toasts.show('success', `Created ${created.name} for ${created.context} / ${created.namespace}`);
          }}
        />
      )}
      {commitOpen && (
        <CommitDialog
          appId={app.id}
          info={data.info}
          changes={data.changes}
          unsavedPaths={dirtyPaths}
          theme={theme}
          submitLabel={commitOpen === 'commit-and-sync' ? 'Commit and continue to sync' : 'Commit'}
          syncTarget={commitOpen === 'commit-and-sync' ? app : undefined}
          onClose={() => setCommitOpen(false)}
          onCommitted={onCommitted}
        />
      )}
      {syncOpen && (
        <SyncDialog
          app={app}
          uncommitted={data.changes.length}
          onCommitAndSync={() => {
            setSyncOpen(false);
            setCommitOpen('commit-and-sync');
          }}
          onClose={() => setSyncOpen(false)}
        />
      )}
      {quickOpen && (
        <QuickOpen
          files={data.files ?? []}
          onOpen={(p) => void open(p)}
          onClose={() => setQuickOpen(false)}
        />
      )}
      {editor.leavePrompt && (
        <UnsavedChangesDialog path={editor.leavePrompt.path} onChoose={editor.leavePrompt.resolve} />
      )}
    </div>
  );
}
