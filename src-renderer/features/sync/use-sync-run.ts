import { useCallback, useRef, useState } from 'react';
import type { SyncItemResult, SyncRun, SyncWaveProgress } from '../../../src-shared/model';
import { toApiError, type ApiError } from '../../../src-shared/errors';
import { useApiEvent } from '../../state/use-api';

export interface SyncRunView {
  syncId: string | null;
  items: Map<string, SyncItemResult>;
  finished: SyncRun | null;
  error: ApiError | null;
  started: boolean;
  /** Latest state of each wave (applying, waiting for health, done). */
  waves: Map<number, SyncWaveProgress>;
}

const idle: SyncRunView = {
  syncId: null,
  items: new Map(),
  finished: null,
  error: null,
  started: false,
  waves: new Map(),
};

/**
 * Follows one sync of an app: per-resource progress from sync.progress and the outcome from
 * sync.finished. Events can arrive before sync.start answers with the id, so they are buffered per
 * app and filtered once the id is known.
 */
export function useSyncRun(appId: string) {
  const [view, setView] = useState<SyncRunView>(idle);
  const syncIdRef = useRef<string | null>(null);
  const active = useRef(false);
  const early = useRef<{ progress: { syncId: string; item: SyncItemResult }[]; finished: SyncRun[] }>({
    progress: [],
    finished: [],
  });

  useApiEvent('sync.progress', (p) => {
    if (!active.current || p.appId !== appId) return;
    if (syncIdRef.current === null) {
      early.current.progress.push(p);
      return;
    }
    if (p.syncId !== syncIdRef.current) return;
    setView((v) => ({ ...v, items: new Map(v.items).set(p.item.id, p.item) }));
  });

  // Wave and late health events are only shown once the id is known; missing the first one is harmless.
  useApiEvent('sync.wave', (w) => {
    if (w.appId !== appId || w.syncId !== syncIdRef.current) return;
    setView((v) => ({ ...v, waves: new Map(v.waves).set(w.wave, w) }));
  });

  useApiEvent('sync.progress', (p) => {
    // Health keeps being followed after the run finished: later phases still update the rows.
    if (active.current || p.appId !== appId || p.syncId !== syncIdRef.current) return;
    setView((v) => (v.finished ? { ...v, items: new Map(v.items).set(p.item.id, p.item) } : v));
  });

  useApiEvent('sync.healthy', (run) => {
    if (run.appId !== appId || run.id !== syncIdRef.current) return;
    setView((v) => ({ ...v, finished: run, items: mergeItems(v.items, run.items) }));
  });

  useApiEvent('sync.finished', (run) => {
    if (!active.current || run.appId !== appId) return;
    if (syncIdRef.current === null) {
      early.current.finished.push(run);
      return;
    }
    if (run.id !== syncIdRef.current) return;
    active.current = false;
    setView((v) => ({ ...v, finished: run, items: mergeItems(v.items, run.items) }));
  });

  const start = useCallback(async (begin: () => Promise<{ syncId: string }>) => {
    syncIdRef.current = null;
    early.current = { progress: [], finished: [] };
    active.current = true;
    setView({ ...idle, started: true });
    try {
      const { syncId } = await begin();
      syncIdRef.current = syncId;
      const items = new Map<string, SyncItemResult>();
      for (const p of early.current.progress) {
        if (p.syncId === syncId) items.set(p.item.id, p.item);
      }
      const finished = early.current.finished.find((r) => r.id === syncId) ?? null;
      if (finished) active.current = false;
      setView({
        syncId,
        items: finished ? mergeItems(items, finished.items) : items,
        finished,
        error: null,
        started: true,
        waves: new Map(),
      });
      return syncId;
    } catch (err) {
      active.current = false;
      setView({ ...idle, started: true, error: toApiError(err) });
      return null;
    }
  }, []);

  const reset = useCallback(() => {
    active.current = false;
    syncIdRef.current = null;
    setView(idle);
  }, []);

  return { view, start, reset };
}

function mergeItems(
  items: Map<string, SyncItemResult>,
  final: SyncItemResult[],
): Map<string, SyncItemResult> {
  const out = new Map(items);
  for (const item of final) out.set(item.id, item);
  return out;
}
