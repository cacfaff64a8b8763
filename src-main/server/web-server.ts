import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventHub } from '../api/event-hub';
import type { Dispatch } from '../api/dispatcher';
import { OriginPolicy, readCookie, secretsEqual, sessionCookieName } from './auth';
import { SessionStore } from './sessions';
import { StaticFiles } from './static-files';
import { defaultLimits, SocketConnection, type ConnectionLimits } from './socket-connection';

export interface WebServerOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** Folder of the built renderer (out/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed first sign-in token for tests; random otherwise. */
  token?: string;
  /**
   * Secret that lets a local command (`--new-url`) ask for a fresh sign-in URL; the endpoint is
   * off without it. It is only ever read from a file private to the user.
   */
  controlSecret?: string;
  limits?: Partial<ConnectionLimits>;
  log?: (message: string) => void;
}

export interface WebServer {
  port: number;
  origin: string;
  /** The URL to open: its fragment carries a one-time token that the page trades for a session. */
  url: string;
  /** A further one-time sign-in URL (for another browser or after the first was used). */
  newUrl(): string;
  close(): Promise<void>;
}

/**
 * Largest legitimate message: repo.writeFile takes 20 Mi UTF-16 units, up to 60 MiB as UTF-8
 * (3 bytes each for non-ASCII text), plus the envelope. Bigger frames close that socket only.
 */
export const maxPayloadBytes = 64 * 1024 * 1024;
const maxBodyBytes = 4096;

const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  // The page's own policy is in index.html; frame-ancestors only works as a header.
  'Content-Security-Policy': "frame-ancestors 'none'",
};

/** Browser mode: the built renderer and the API over one WebSocket, on 127.0.0.1 only. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = options.log ?? ((message: string) => console.error(`[browser mode] ${message}`));
  const limits = { ...defaultLimits, ...options.limits };
  const sessions = new SessionStore();
  const firstToken = sessions.issueToken(options.token);
  const files = new StaticFiles(options.staticDir);
  let policy: OriginPolicy | null = null;
  let cookieName = '';
  const connections = new Map<WebSocket, SocketConnection>();

  // 'self' already covers the page's own ws:// origin; naming it keeps the policy exact even
  // where a browser reads 'self' more narrowly.
  let baseHeaders: Record<string, string> = securityHeaders;
  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  };
  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => send(res, status, JSON.stringify(body), { 'Content-Type': 'application/json', ...headers });

  /** POST /api/session {token}: the page trades the fragment's one-time token for a session. */
  const exchange = async (req: IncomingMessage, res: ServerResponse) => {
    if (!policy?.originAllowed(req, true)) return send(res, 403, 'Cross-origin requests are refused.');
    const body = await readJson(req);
    const token = typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined;
    const session = sessions.exchange(token, readCookie(req, cookieName));
    if (!session) {
      return sendJson(res, 401, {
        error:
          'This sign-in link was already used or is not valid. Run "npm run web -- --new-url" for a fresh one.',
      });
    }
    sendJson(
      res,
      200,
      { secret: session.secret },
      { 'Set-Cookie': `${cookieName}=${session.cookie}; HttpOnly; SameSite=Strict; Path=/` },
    );
  };

  /** POST /api/control/new-url: a local command, holding the control secret, asks for a URL. */
  const control = (req: IncomingMessage, res: ServerResponse) => {
    // Browsers always send Origin on a POST: only a local program may use this.
    if (!options.controlSecret || req.headers.origin !== undefined) return send(res, 404, 'Not found.');
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!secretsEqual(given, options.controlSecret)) return send(res, 401, 'Unauthorized.');
    sendJson(res, 200, { url: newUrl() });
  };

  const server = createServer((req, res) => {
    req.on('error', () => res.destroy());
    void (async () => {
      if (!policy?.hostAllowed(req)) return send(res, 421, 'This server only answers to its own address.');
      if (!policy.originAllowed(req, false)) return send(res, 403, 'Cross-origin requests are refused.');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'POST' && url.pathname === '/api/session') return exchange(req, res);
      if (req.method === 'POST' && url.pathname === '/api/control/new-url') return control(req, res);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
      // The renderer's files are public (the same for everyone); the API is what needs a session.
      const file = await files.get(url.pathname);
      if (!file) return send(res, 404, 'Not found.');
      res.writeHead(200, {
        ...baseHeaders,
        'Content-Type': file.contentType,
        'Content-Length': file.body.length,
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })().catch((err: unknown) => {
      log(`HTTP request failed: ${err instanceof Error ? err.message : String(err)}`);
      send(res, 500, 'Internal error.');
    });
  });
  server.on('error', (err) => log(`Server error: ${err.message}`));

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxPayloadBytes });
  wss.on('error', (err) => log(`WebSocket server error: ${err.message}`));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the raw socket over without an error listener: a client resetting it at any
    // point (before or after we answer) would otherwise crash the process.
    socket.on('error', () => socket.destroy());
    try {
      upgrade(req, socket, head);
    } catch (err) {
      log(`Upgrade failed: ${err instanceof Error ? err.message : String(err)}`);
      socket.destroy();
    }
  });

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string) => {
      if (socket.writable)
        socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      else socket.destroy();
    };
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!policy?.hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (!policy.originAllowed(req, true)) return refuse(403, 'Forbidden');
    const cookie = readCookie(req, cookieName);
    if (!sessions.cookieKnown(cookie)) return refuse(401, 'Unauthorized');
    if (path !== '/api/ws') return refuse(404, 'Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new SocketConnection(ws, {
        dispatch: options.dispatch,
        limits,
        // The cookie that opened the socket and the tab's secret must belong to one session.
        authenticate: (secret) => sessions.verify(cookie, secret) !== null,
        log,
      });
      connections.set(ws, connection);
      ws.on('close', () => connections.delete(ws));
    });
  };

  const unsubscribe = options.events.subscribe((name, payload) => {
    const message = JSON.stringify({ t: 'evt', name, payload });
    for (const connection of connections.values()) connection.sendEvent(message);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  policy = new OriginPolicy(port);
  cookieName = sessionCookieName(port);
  baseHeaders = {
    ...securityHeaders,
    'Content-Security-Policy': `frame-ancestors 'none'; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
  };
  const origin = `http://127.0.0.1:${port}`;
  // The token rides in the fragment: browsers never send it, so it is in no request line, log or
  // history entry of the server; the page reads it and posts it once.
  const urlFor = (token: string) => `${origin}/#token=${token}`;
  const newUrl = () => urlFor(sessions.issueToken());

  return {
    port,
    origin,
    url: urlFor(firstToken),
    newUrl,
    async close() {
      unsubscribe();
      for (const ws of connections.keys()) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A small JSON body, or null when it is too big, malformed or the request fails. */
function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => resolve(null));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString()) as unknown);
      } catch {
        resolve(null);
      }
    });
  });
}
