import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ApiClient } from '../../src-shared/api';
import type { Transport } from './client';
import { createApiClient } from './client';

interface ApiContextValue {
  api: ApiClient;
  connected: boolean;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  const [api] = useState(() => createApiClient(transport));
  const [connected, setConnected] = useState(false);
  useEffect(() => transport.onConnection(setConnected), [transport]);
  return <ApiContext.Provider value={{ api, connected }}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside ApiProvider');
  return value.api;
}

export function useConnected(): boolean {
  return useContext(ApiContext)?.connected ?? false;
}
