import { request } from 'node:http';
import WebSocket from 'ws';
import type { Envelope } from '../../src-shared/api';
import type { WebServer } from '../../src-main/server/web-server';

/** A plain HTTP/WebSocket client for the browser-mode server, speaking its sign-in protocol. */

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function httpRequest(
  server: WebServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${server.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function tokenOf(url: string): string {
  const token = new URLSearchParams(new URL(url).hash.slice(1)).get('token');
  if (!token) throw new Error(`no token in ${url}`);
  return token;
}

export interface Exchange {
  status: number;
  /** The tab's secret (200 only). */
  secret?: string;
  /** `gd_session_<port>=…`, ready for a Cookie header (200 only). */
  cookie?: string;
  setCookie?: string;
  body: string;
}

/** What the page does with the fragment's token: POST /api/session from its own origin. */
export async function exchangeToken(
  server: WebServer,
  token: string,
  headers: Record<string, string> = {},
): Promise<Exchange> {
  const reply = await httpRequest(server, '/api/session', {
    method: 'POST',
    headers: { origin: server.origin, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ token }),
  });
  const setCookie = reply.headers['set-cookie']?.[0];
  let secret: string | undefined;
  try {
    const parsed = JSON.parse(reply.body) as { secret?: unknown };
    if (typeof parsed.secret === 'string') secret = parsed.secret;
  } catch {
    // not JSON: a refusal
  }
  return {
    status: reply.status,
    body: reply.body,
    ...(secret ? { secret } : {}),
    ...(setCookie ? { setCookie, cookie: setCookie.split(';')[0]! } : {}),
  };
}

/** Opens a socket and reports either 'open' or the HTTP status the server refused it with. */
export function openSocket(
  server: WebServer,
  headers: Record<string, string>,
): Promise<{ ws?: WebSocket; status: number | 'open' }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/ws`, { headers });
    ws.on('open', () => resolve({ ws, status: 'open' }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ status: 0 }));
  });
}

/** Sends the tab's secret as the first message; resolves 'ok' or the close code. */
export function authenticate(ws: WebSocket, secret: unknown): Promise<'ok' | number> {
  return new Promise((resolve) => {
    ws.once('message', (data) => {
      const message = JSON.parse(String(data)) as { t?: string };
      resolve(message.t === 'auth-ok' ? 'ok' : -1);
    });
    ws.once('close', (code) => resolve(code));
    ws.send(JSON.stringify({ t: 'auth', secret }));
  });
}

/** A signed-in API socket: token exchange, upgrade with the cookie, then the secret. */
export async function signedInSocket(server: WebServer, token: string): Promise<WebSocket> {
  const session = await exchangeToken(server, token);
  if (!session.cookie || !session.secret)
    throw new Error(`sign-in failed: ${session.status} ${session.body}`);
  const { ws } = await openSocket(server, { cookie: session.cookie, origin: server.origin });
  if (!ws) throw new Error('upgrade refused');
  if ((await authenticate(ws, session.secret)) !== 'ok') throw new Error('secret refused');
  return ws;
}

let nextId = 1_000_000;

/** One request over a signed-in socket, answered by id. */
export function call(
  ws: WebSocket,
  name: unknown,
  params: unknown,
  timeoutMs = 10_000,
): Promise<Envelope<unknown>> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', onMessage);
      reject(new Error(`no answer to ${String(id)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(String(data)) as { t: string; id?: number; envelope?: Envelope<unknown> };
      if (message.t === 'res' && message.id === id) {
        clearTimeout(timer);
        ws.off('message', onMessage);
        resolve(message.envelope!);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'req', id, name, params }));
  });
}

export function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) return resolve(1006);
    ws.once('close', (code) => resolve(code));
  });
}
