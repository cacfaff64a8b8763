import { useCallback, useEffect, useState } from 'react';
import type { AppState, AppSummary } from '../../../src-shared/model';
import { useApiEvent, useApiQuery } from '../../state/use-api';

/** The app list, kept live by the apps.changed stream. */
export function useApps() {
  const query = useApiQuery('apps.list', {});
  const [apps, setApps] = useState<AppSummary[] | undefined>(undefined);
  useEffect(() => {
    if (query.data) setApps(query.data.apps);
  }, [query.data]);
  useApiEvent('apps.changed', (payload) => setApps(payload.apps));
  // The list's badges follow each app's live comparison with HEAD (what a sync would apply), from
  // the event stream and from the state the open app fetched, so tile and header never disagree.
  const noteState = useCallback((s: AppState) => {
    if (s.compareWith !== 'HEAD') return;
    setApps((list) =>
      list?.some((a) => a.id === s.appId && (a.sync !== s.sync || a.health !== s.health))
        ? list.map((a) => (a.id === s.appId ? { ...a, sync: s.sync, health: s.health } : a))
        : list,
    );
  }, []);
  useApiEvent('state.changed', noteState);
  return {
    apps,
    problem: query.data?.problem,
    error: query.error,
    loading: query.loading && !apps,
    reload: query.reload,
    noteState,
  };
}
