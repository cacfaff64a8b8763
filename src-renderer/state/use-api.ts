import { useCallback, useEffect, useRef, useState } from 'react';
import type { EventName, EventPayload, Params, RequestName, Result } from '../../src-shared/api';
import { toApiError, type ApiError } from '../../src-shared/errors';
import { useApi } from '../api/ApiContext';

export interface Query<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/**
 * One request, re-run when its params change (compared by value) or on reload(). Results of a
 * superseded run are dropped so a slow answer never overwrites a newer one. `params: null` = idle.
 */
export function useApiQuery<N extends RequestName>(name: N, params: Params<N> | null): Query<Result<N>> {
  const api = useApi();
  const [data, setData] = useState<Result<N> | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(params !== null);
  const [tick, setTick] = useState(0);
  const key = params === null ? null : JSON.stringify(params);

  useEffect(() => {
    if (key === null) return;
    let live = true;
    setLoading(true);
    api.call(name, JSON.parse(key) as Params<N>).then(
      (result) => {
        if (!live) return;
        setData(result);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(toApiError(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, name, key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** Subscribes to an event stream for the component's lifetime; the latest listener is always used. */
export function useApiEvent<E extends EventName>(
  name: E,
  listener: (payload: EventPayload<E>) => void,
): void {
  const api = useApi();
  const ref = useRef(listener);
  useEffect(() => {
    ref.current = listener;
  });
  useEffect(() => api.on(name, (payload) => ref.current(payload)), [api, name]);
}

/** A request run on demand (a button), with its busy flag and last error. */
export function useApiAction<N extends RequestName>(name: N) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(
    async (params: Params<N>): Promise<Result<N> | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await api.call(name, params);
      } catch (err) {
        setError(toApiError(err));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [api, name],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, busy, error, clearError };
}
