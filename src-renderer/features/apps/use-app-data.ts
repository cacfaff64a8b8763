import { useEffect, useRef, useState } from 'react';
import type { AppState, CompareWith } from '../../../src-shared/model';
import { useApiEvent, useApiQuery } from '../../state/use-api';

/**
 * Everything the app view shows about one app, kept live: the comparison (state.get +
 * state.changed), and the repository side (info, status, files, loader problems) refreshed on
 * repo.changed.
 */
export function useAppData(
  appId: string,
  compareWith: CompareWith,
  onRepoChanged: (paths: string[]) => void,
) {
  const stateQuery = useApiQuery('state.get', { appId, compareWith });
  const [state, setState] = useState<AppState | undefined>(undefined);
  const info = useApiQuery('repo.info', { appId });
  const status = useApiQuery('repo.status', { appId });
  const files = useApiQuery('repo.listFiles', { appId });
  const manifests = useApiQuery('manifests.load', { appId, revision: 'worktree' });
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (stateQuery.data && stateQuery.data.appId === appId && stateQuery.data.compareWith === compareWith)
      setState(stateQuery.data);
  }, [stateQuery.data, appId, compareWith]);

  // A different app's state must never show under this app's name.
  useEffect(() => setState(undefined), [appId]);

  // Live updates of a big app can come many times a second: render at most the latest every 150 ms.
  const latest = useRef<AppState | null>(null);
  const applyTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useApiEvent('state.changed', (payload) => {
    if (payload.appId !== appId) return;
    if (payload.compareWith === compareWith) {
      const first = latest.current === null;
      latest.current = payload;
      if (!first) return;
      applyTimer.current = setTimeout(() => {
        if (latest.current) setState(latest.current);
        latest.current = null;
      }, 150);
    } else {
      // The other comparison moved: ours most likely did too.
      clearTimeout(reloadTimer.current);
      reloadTimer.current = setTimeout(stateQuery.reload, 200);
    }
  });

  const repoTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pendingPaths = useRef(new Set<string>());
  const headChanged = useRef(false);
  useApiEvent('repo.changed', (payload) => {
    if (payload.appId !== appId) return;
    for (const p of payload.paths) pendingPaths.current.add(p);
    headChanged.current ||= payload.headChanged;
    clearTimeout(repoTimer.current);
    // File watchers fire in bursts; one refresh per burst.
    repoTimer.current = setTimeout(() => {
      const paths = [...pendingPaths.current];
      pendingPaths.current.clear();
      status.reload();
      files.reload();
      manifests.reload();
      if (headChanged.current) info.reload();
      headChanged.current = false;
      onRepoChanged(paths);
    }, 150);
  });

  useEffect(
    () => () => {
      clearTimeout(reloadTimer.current);
      clearTimeout(repoTimer.current);
      clearTimeout(applyTimer.current);
    },
    [],
  );

  return {
    state,
    stateError: stateQuery.error,
    stateLoading: stateQuery.loading,
    reloadState: stateQuery.reload,
    setState,
    info: info.data,
    reloadInfo: info.reload,
    changes: status.data?.changes ?? [],
    reloadStatus: status.reload,
    files: files.data?.files,
    filesLoading: files.loading,
    filesError: files.error,
    problems: manifests.data?.problems ?? state?.problems ?? [],
    manifestsError: manifests.error,
  };
}

export type AppData = ReturnType<typeof useAppData>;
