import type { Envelope, EventName, RequestName } from '../../src-shared/api';
import type { Transport } from './client';
import { forgetSession, notSignedIn, signIn, type SignIn } from './browser-session';

type ServerMessage =
  | { t: 'res'; id: number; envelope: Envelope<unknown> }
  | { t: 'evt'; name: EventName; payload: unknown }
  | { t: 'auth-ok' };

interface Pending {
  resolve: (envelope: Envelope<unknown>) => void;
}

/** Close code the server uses when the tab's secret is missing, wrong or forgotten. */
const unauthorizedClose = 4401;

/**
 * Browser-mode transport. The tab signs in once (see browser-session.ts); each socket then sends
 * the tab's secret as its first message, and the server's cookie check at the upgrade plus that
 * secret open the API. The socket reconnects with backoff, and requests made while disconnected
 * wait for the connection. A tab that is not signed in fails requests with a message saying how
 * to get a fresh sign-in link.
 */
export function createWebSocketTransport(url: string, session: Promise<SignIn> = signIn()): Transport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let connected = false;
  let signedOut: string | null = null;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: { id: number; message: string }[] = [];
  const eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(connected: boolean) => void>();

  const setConnected = (value: boolean) => {
    connected = value;
    for (const l of connectionListeners) l(value);
  };

  const failAll = (code: 'unauthorized', message: string) => {
    for (const [id, p] of pending) {
      p.resolve({ ok: false, error: { code, message } });
      pending.delete(id);
    }
    queue.length = 0;
  };

  const stop = (message: string) => {
    signedOut = message;
    failAll('unauthorized', message);
  };

  let secret: string | null = null;
  const connect = () => {
    if (secret === null) return;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ t: 'auth', secret }));
    ws.onmessage = (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      if (message.t === 'auth-ok') {
        retryMs = 250;
        setConnected(true);
        for (const item of queue.splice(0)) ws.send(item.message);
      } else if (message.t === 'res') {
        pending.get(message.id)?.resolve(message.envelope);
        pending.delete(message.id);
      } else if (message.t === 'evt') {
        for (const l of eventListeners.get(message.name) ?? []) l(message.payload);
      }
    };
    ws.onclose = (event) => {
      socket = null;
      if (connected) setConnected(false);
      if (event.code === unauthorizedClose) {
        // The server no longer knows this tab (it restarted, or the session was forgotten).
        forgetSession();
        return stop(notSignedIn);
      }
      // Requests in flight are lost with the socket: fail them so the UI can say so and retry.
      for (const [id, p] of pending) {
        if (queue.some((item) => item.id === id)) continue;
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

  const begin = (result: SignIn) => {
    if (result.secret === undefined) return stop(result.problem);
    const wasSignedOut = signedOut !== null || secret === null;
    signedOut = null;
    secret = result.secret;
    // A socket of the old session (if any) is replaced: its close reconnects with the new secret.
    if (wasSignedOut) connect();
    else socket?.close();
  };
  void session.then(begin);
  // A fresh link pasted into an open tab changes only the fragment: the page is not loaded again,
  // so the token is picked up here (a tab whose server restarted needs exactly this).
  addEventListener('hashchange', () => {
    if (location.hash.includes('token=')) void signIn().then(begin);
  });

  return {
    invoke(name: RequestName, params: unknown) {
      const id = nextId++;
      const message = JSON.stringify({ t: 'req', id, name, params });
      return new Promise((resolve) => {
        if (signedOut !== null) {
          return resolve({ ok: false, error: { code: 'unauthorized', message: signedOut } });
        }
        pending.set(id, { resolve });
        if (socket && connected) socket.send(message);
        else queue.push({ id, message });
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
