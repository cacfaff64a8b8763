import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventHub } from '../api/event-hub';
import type { Dispatch } from '../api/dispatcher';
import { OriginPolicy, randomSecret, readCookie, secretsEqual, sessionCookieName } from './auth';
import { StaticFiles } from './static-files';
import { handleSocketMessage } from './socket-messages';

export interface WebServerOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** Folder of the built renderer (out/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token for tests; random otherwise. */
  token?: string;
}

export interface WebServer {
  port: number;
  origin: string;
  /** The URL to open: carries the one-time token that is traded for a session cookie. */
  url: string;
  close(): Promise<void>;
}

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
  const token = options.token ?? randomSecret();
  // The session cookie is a separate secret so that it never appears in a URL, the browser's
  // history or a terminal's scrollback.
  const session = randomSecret();
  const files = new StaticFiles(options.staticDir);
  let policy: OriginPolicy | null = null;
  const sockets = new Set<WebSocket>();

  const authenticated = (req: IncomingMessage) => secretsEqual(readCookie(req, sessionCookieName), session);

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      if (!policy?.hostAllowed(req)) return send(res, 421, 'This server only answers to its own address.');
      if (!policy.originAllowed(req, false)) return send(res, 403, 'Cross-origin requests are refused.');
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return send(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const given = url.searchParams.get('token');
      if (given !== null) {
        if (!secretsEqual(given, token))
          return send(res, 401, 'Invalid token. Open the URL that gitops-desktop printed.');
        url.searchParams.delete('token');
        res.writeHead(303, {
          ...securityHeaders,
          'Set-Cookie': `${sessionCookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`,
          Location: url.pathname + url.search,
        });
        return res.end();
      }
      if (!authenticated(req)) {
        return send(
          res,
          401,
          'Not signed in. Open the URL that gitops-desktop printed (it carries a one-time token).',
        );
      }
      const file = await files.get(url.pathname);
      if (!file) return send(res, 404, 'Not found.');
      res.writeHead(200, {
        ...securityHeaders,
        'Content-Type': file.contentType,
        'Content-Length': file.body.length,
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })().catch(() => send(res, 500, 'Internal error.'));
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!policy?.hostAllowed(req)) return refuse(421, 'Misdirected Request');
    if (!policy.originAllowed(req, true)) return refuse(403, 'Forbidden');
    if (!authenticated(req)) return refuse(401, 'Unauthorized');
    if (path !== '/api/ws') return refuse(404, 'Not Found');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const unsubscribe = options.events.subscribe((name, payload) => {
    const message = JSON.stringify({ t: 'evt', name, payload });
    for (const ws of sockets) {
      if (ws.readyState === ws.OPEN) ws.send(message);
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => void handleSocketMessage(ws, data, options.dispatch));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  policy = new OriginPolicy(port);
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    url: `${origin}/?token=${token}`,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
