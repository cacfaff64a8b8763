import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src-main/api/event-hub';
import { createDispatcher } from '../../../src-main/api/dispatcher';
import { systemHandlers } from '../../../src-main/api/handlers/system-handlers';
import type { Handlers } from '../../../src-main/api/types';
import { startWebServer, type WebServer } from '../../../src-main/server/web-server';
import {
  authenticate,
  call,
  closed,
  exchangeToken,
  httpRequest,
  openSocket,
  signedInSocket,
  tokenOf,
} from '../../support/web-client';

const token = 'test-token-0123456789abcdef';
const controlSecret = 'control-secret-0123456789abcdef';

describe('browser-mode web server', () => {
  let server: WebServer;
  let staticDir: string;
  const events = new EventHub();
  const get = (path: string, headers: Record<string, string> = {}) => httpRequest(server, path, { headers });

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
      controlSecret,
      log: () => {},
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and prints a URL carrying the token in its fragment only', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${token}`);
    const fresh = server.newUrl();
    expect(fresh).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{43}$`));
    expect(tokenOf(fresh)).not.toBe(token);
  });

  it('serves the renderer with its security headers and an exact connect-src', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('GitOps Desktop');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['content-security-policy']).toBe(
      `frame-ancestors 'none'; connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}`,
    );
    expect((await httpRequest(server, '/', { method: 'PUT' })).status).toBe(405);
  });

  it('trades a token once for a secret and an HttpOnly, SameSite=Strict cookie; the second use is 401', async () => {
    const once = tokenOf(server.newUrl());
    const first = await exchangeToken(server, once);
    expect(first.status).toBe(200);
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.setCookie).toMatch(
      new RegExp(`^gd_session_${server.port}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$`),
    );
    expect(first.setCookie).not.toContain(once);
    const again = await exchangeToken(server, once);
    expect(again.status).toBe(401);
    expect(again.cookie).toBeUndefined();
    expect(again.body).toContain('--new-url');
    expect((await exchangeToken(server, 'wrong')).status).toBe(401);
  });

  it('gives every exchange a fresh session', async () => {
    const a = await exchangeToken(server, tokenOf(server.newUrl()));
    const b = await exchangeToken(server, tokenOf(server.newUrl()));
    expect(a.secret).not.toBe(b.secret);
    expect(a.cookie).not.toBe(b.cookie);
    // Another browser's cookie does not go with this tab's secret.
    const { ws } = await openSocket(server, { cookie: a.cookie!, origin: server.origin });
    expect(await authenticate(ws!, b.secret)).toBe(4401);
  });

  it('keeps its session when a second server on the same host signs the browser in (cookies ignore ports)', async () => {
    const other = await startWebServer({
      dispatch: createDispatcher(
        systemHandlers({ info: { name: 'x', version: 't', mode: 'browser', platform: 'linux' } }) as Handlers,
      ),
      events: new EventHub(),
      staticDir,
      token: 'other-token-0123456789abcdef',
      log: () => {},
    });
    try {
      const mine = await exchangeToken(server, tokenOf(server.newUrl()));
      const theirs = await exchangeToken(other, tokenOf(other.newUrl()));
      // A browser's cookie jar is per host: both cookies go to both servers.
      const jar = `${mine.cookie!}; ${theirs.cookie!}`;
      const { ws } = await openSocket(server, { cookie: jar, origin: server.origin });
      expect(await authenticate(ws!, mine.secret)).toBe('ok');
      ws!.close();
      const back = await openSocket(other, { cookie: jar, origin: other.origin });
      expect(await authenticate(back.ws!, theirs.secret)).toBe('ok');
      back.ws!.close();
    } finally {
      await other.close();
    }
  });

  it('refuses the exchange from another origin or without one', async () => {
    const once = tokenOf(server.newUrl());
    expect((await exchangeToken(server, once, { origin: 'http://evil.example' })).status).toBe(403);
    const reply = await httpRequest(server, '/api/session', {
      method: 'POST',
      body: JSON.stringify({ token: once }),
    });
    expect(reply.status).toBe(403);
    // Refused attempts did not use the token up.
    expect((await exchangeToken(server, once)).status).toBe(200);
  });

  it('refuses a Host header that is not its own address (DNS rebinding)', async () => {
    expect((await get('/', { host: `evil.example:${server.port}` })).status).toBe(421);
    const reply = await exchangeToken(server, tokenOf(server.newUrl()), { host: 'evil.example' });
    expect(reply.status).toBe(421);
  });

  it('refuses cross-origin requests and path traversal', async () => {
    expect((await get('/', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/../../../../etc/passwd')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('serves the API over a WebSocket once the tab has sent its secret', async () => {
    const ws = await signedInSocket(server, tokenOf(server.newUrl()));
    expect(await call(ws, 'system.ping', { message: 'hello' })).toMatchObject({
      ok: true,
      result: { message: 'hello' },
    });
    expect(await call(ws, 'system.ping', { message: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-params' },
    });
    const event = new Promise<unknown>((resolve) =>
      ws.once('message', (d) => resolve(JSON.parse(d.toString()))),
    );
    events.emit('system.tick', { n: 1, at: 'now' });
    expect(await event).toEqual({ t: 'evt', name: 'system.tick', payload: { n: 1, at: 'now' } });
    ws.close();
  });

  it('a cookie without the tab secret cannot open the API, and gets no events', async () => {
    const session = await exchangeToken(server, tokenOf(server.newUrl()));
    const { ws } = await openSocket(server, { cookie: session.cookie!, origin: server.origin });
    const received: string[] = [];
    ws!.on('message', (d) => received.push(String(d)));
    events.emit('system.tick', { n: 2, at: 'now' });
    // A request in place of the secret closes the socket unanswered.
    ws!.send(JSON.stringify({ t: 'req', id: 1, name: 'system.ping', params: { message: 'x' } }));
    expect(await closed(ws!)).toBe(4401);
    expect(received).toEqual([]);
    const wrong = await openSocket(server, { cookie: session.cookie!, origin: server.origin });
    expect(await authenticate(wrong.ws!, 'not-the-secret')).toBe(4401);
  });

  it('a second sign-in in the same browser rotates its cookie without signing out the first tab', async () => {
    const first = await exchangeToken(server, tokenOf(server.newUrl()));
    const second = await exchangeToken(server, tokenOf(server.newUrl()), { cookie: first.cookie! });
    expect(second.cookie).not.toBe(first.cookie);
    for (const secret of [first.secret, second.secret]) {
      const { ws } = await openSocket(server, { cookie: second.cookie!, origin: server.origin });
      expect(await authenticate(ws!, secret)).toBe('ok');
      ws!.close();
    }
    expect((await openSocket(server, { cookie: first.cookie!, origin: server.origin })).status).toBe(401);
  });

  it('refuses WebSockets from another Origin, with a wrong Host, without Origin or without a session cookie', async () => {
    const { cookie } = await exchangeToken(server, tokenOf(server.newUrl()));
    expect((await openSocket(server, { cookie: cookie!, origin: 'http://evil.example' })).status).toBe(403);
    const wrongHost = await openSocket(server, {
      cookie: cookie!,
      origin: server.origin,
      host: 'evil.example',
    });
    expect(wrongHost.status).toBe(421);
    expect((await openSocket(server, { cookie: cookie! })).status).toBe(403);
    expect((await openSocket(server, { origin: server.origin })).status).toBe(401);
    expect(
      (await openSocket(server, { origin: server.origin, cookie: `gd_session_${server.port}=forged` }))
        .status,
    ).toBe(401);
  });

  it('issues a new URL to a local command holding the control secret, and to nothing else', async () => {
    const path = '/api/control/new-url';
    const ok = await httpRequest(server, path, {
      method: 'POST',
      headers: { authorization: `Bearer ${controlSecret}` },
    });
    expect(ok.status).toBe(200);
    const url = (JSON.parse(ok.body) as { url: string }).url;
    expect((await exchangeToken(server, tokenOf(url))).status).toBe(200);
    const wrong = await httpRequest(server, path, {
      method: 'POST',
      headers: { authorization: 'Bearer no' },
    });
    expect(wrong.status).toBe(401);
    const fromPage = await httpRequest(server, path, {
      method: 'POST',
      headers: { authorization: `Bearer ${controlSecret}`, origin: server.origin },
    });
    expect(fromPage.status).toBe(404);
  });
});
