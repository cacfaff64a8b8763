import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventHub } from '../../../src-main/api/event-hub';
import { createDispatcher } from '../../../src-main/api/dispatcher';
import { systemHandlers } from '../../../src-main/api/handlers/system-handlers';
import type { Handlers } from '../../../src-main/api/types';
import { startWebServer, type WebServer } from '../../../src-main/server/web-server';

const token = 'test-token-0123456789abcdef';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(server: WebServer, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        headers: { host: `127.0.0.1:${server.port}`, ...headers },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket and reports either 'open' or the HTTP status the server refused it with. */
function connect(
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

describe('browser-mode web server', () => {
  let server: WebServer;
  let staticDir: string;
  let cookie: string;
  const events = new EventHub();

  beforeAll(async () => {
    staticDir = await mkdtemp(join(tmpdir(), 'gd-static-'));
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>GitOps Desktop</title>');
    const handlers = systemHandlers({
      info: { name: 'GitOps Desktop', version: 't', mode: 'browser', platform: 'linux' },
    });
    server = await startWebServer({
      dispatch: createDispatcher(handlers as Handlers),
      events,
      staticDir,
      token,
    });
    const login = await get(server, `/?token=${token}`);
    cookie = String(login.headers['set-cookie']).split(';')[0]!;
  });
  afterAll(async () => {
    await server.close();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${token}`);
  });

  it('answers 401 to requests without the token or session', async () => {
    expect((await get(server, '/')).status).toBe(401);
    expect((await get(server, '/assets/index.js')).status).toBe(401);
    expect((await get(server, '/?token=wrong')).status).toBe(401);
    expect((await get(server, '/', { cookie: 'gd_session=forged' })).status).toBe(401);
  });

  it('trades the token for an HttpOnly, SameSite=Strict cookie and drops it from the URL', async () => {
    const reply = await get(server, `/?token=${token}`);
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    const setCookie = String(reply.headers['set-cookie']);
    expect(setCookie).toMatch(/^gd_session=[A-Za-z0-9_-]{20,}; HttpOnly; SameSite=Strict; Path=\//);
    expect(setCookie).not.toContain(token);
    const page = await get(server, '/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('GitOps Desktop');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a Host header that is not its own address (DNS rebinding)', async () => {
    expect((await get(server, '/', { cookie, host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await get(server, `/?token=${token}`, { host: 'evil.example' })).status).toBe(421);
  });

  it('refuses cross-origin requests and path traversal', async () => {
    expect((await get(server, '/', { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(server, '/../../../../etc/passwd', { cookie })).status).toBe(404);
    expect((await get(server, '/%2e%2e/%2e%2e/etc/passwd', { cookie })).status).toBe(404);
  });

  it('serves the API over a WebSocket from its own origin with the session cookie', async () => {
    const { ws, status } = await connect(server, { cookie, origin: server.origin });
    expect(status).toBe('open');
    const reply = new Promise<unknown>((resolve) =>
      ws!.once('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    ws!.send(JSON.stringify({ t: 'req', id: 7, name: 'system.ping', params: { message: 'hello' } }));
    expect(await reply).toMatchObject({
      t: 'res',
      id: 7,
      envelope: { ok: true, result: { message: 'hello' } },
    });

    const invalid = new Promise<unknown>((resolve) =>
      ws!.once('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    ws!.send(JSON.stringify({ t: 'req', id: 8, name: 'system.ping', params: { message: 42 } }));
    expect(await invalid).toMatchObject({
      id: 8,
      envelope: { ok: false, error: { code: 'invalid-params' } },
    });

    const event = new Promise<unknown>((resolve) =>
      ws!.once('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    events.emit('system.tick', { n: 1, at: 'now' });
    expect(await event).toEqual({ t: 'evt', name: 'system.tick', payload: { n: 1, at: 'now' } });
    ws!.close();
  });

  it('refuses WebSockets from another Origin, with a wrong Host, without Origin or without the session', async () => {
    expect((await connect(server, { cookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await connect(server, { cookie, origin: server.origin, host: 'evil.example' })).status).toBe(421);
    expect((await connect(server, { cookie })).status).toBe(403);
    expect((await connect(server, { origin: server.origin })).status).toBe(401);
  });
});
