import type { ApiClient, Envelope, EventName, RequestName } from '../../src-shared/api';
import { ApiFailure } from '../../src-shared/errors';
import { createWebSocketTransport } from './websocket-transport';
import './bridge';

/** The two ways to reach main: Electron's preload bridge, or the browser-mode WebSocket. */
export interface Transport {
  invoke(name: RequestName, params: unknown): Promise<Envelope<unknown>>;
  on(name: EventName, listener: (payload: unknown) => void): () => void;
  /** Connection state changes (browser mode reconnects; IPC is always connected). */
  onConnection(listener: (connected: boolean) => void): () => void;
}

export function createApiClient(transport: Transport): ApiClient {
  return {
    async call(name, params) {
      const envelope = await transport.invoke(name, params);
      if (!envelope.ok)
        throw new ApiFailure(envelope.error.code, envelope.error.message, envelope.error.detail);
      return envelope.result as never;
    },
    on(name, listener) {
      return transport.on(name, listener as (payload: unknown) => void);
    },
  };
}

/** Picks the transport at run time: the preload bridge when running in Electron, else WebSocket. */
export function detectTransport(): Transport {
  const bridge = window.gitopsDesktop;
  if (bridge) {
    return {
      invoke: (name, params) => bridge.invoke(name, params),
      on: (name, listener) => bridge.on(name, listener),
      onConnection: (listener) => {
        listener(true);
        return () => {};
      },
    };
  }
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketTransport(`${scheme}//${location.host}/api/ws`);
}
