import type { Envelope, EventName, RequestName } from '../../src-shared/api';
import type { Transport } from './client';

type ServerMessage =
  { t: 'res'; id: number; envelope: Envelope<unknown> } | { t: 'evt'; name: EventName; payload: unknown };

interface Pending {
  resolve: (envelope: Envelope<unknown>) => void;
}

/**
 * Browser-mode transport. The session cookie set by the server authenticates the upgrade; the
 * socket reconnects with backoff, and requests made while disconnected wait for the connection.
 */
export function createWebSocketTransport(url: string): Transport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let connected = false;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();

  const setConnected = (value: boolean) => {
    connected = value;
    for (const l of connectionListeners) l(value);
  };

  const connect = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setConnected(true);
      for (const message of queue.splice(0)) ws.send(message);
    };
    ws.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as ServerMessage;
      if (message.t === 'res') {
        pending.get(message.id)?.resolve(message.envelope);
        pending.delete(message.id);
      } else {
        for (const l of eventListeners.get(message.name) ?? []) l(message.payload);
      }
    };
    ws.onclose = () => {
      socket = null;
      if (connected) setConnected(false);
      // Requests in flight are lost with the socket: fail them so the UI can say so and retry.
      for (const [id, p] of pending) {
        p.resolve({
          ok: false,
          error: { code: 'unreachable', message: 'Lost the connection to GitOps Desktop; retrying.' },
        });
        pending.delete(id);
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    invoke(name: RequestName, params: unknown) {
      const id = nextId++;
      const message = JSON.stringify({ t: 'req', id, name, params });
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        if (socket && connected) socket.send(message);
        else queue.push(message);
      });
    },
    on(name, listener) {
      let set = eventListeners.get(name);
      if (!set) eventListeners.set(name, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(connected);
      return () => connectionListeners.delete(listener);
    },
  };
}
