import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createCore, type Core } from '../../../src-main/compose';
import { createDispatcher } from '../../../src-main/api/dispatcher';
import { startWebServer, type WebServer } from '../../../src-main/server/web-server';
import { createRepo, createSandbox, type Sandbox } from '../../support/git-fixtures';
import {
  authenticate,
  call,
  closed,
  exchangeToken,
  openSocket,
  signedInSocket,
  tokenOf,
} from '../../support/web-client';

// Each input below once crashed the server or grew it without bound. After each one, a healthy
// client's ping must answer within 100 ms, and after them all memory must be back within 50 MB.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const settle = async () => {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 200));
  }
};
const memory = () => process.memoryUsage().rss;
/** What the process still holds (objects and buffers), apart from pages the allocators keep. */
const held = () => process.memoryUsage().heapUsed + process.memoryUsage().external;
const MiB = 1024 * 1024;

const repoRoot = resolve(import.meta.dirname, '../../..');

/** Signs in, asks for 400 reads of big.yaml, then never reads another byte. */
const slowReader = `
import WebSocket from 'ws';
const ws = new WebSocket('ws://127.0.0.1:' + process.env.PORT + '/api/ws', {
  headers: { cookie: process.env.COOKIE, origin: 'http://127.0.0.1:' + process.env.PORT },
});
ws.on('error', () => {});
ws.on('open', () => ws.send(JSON.stringify({ t: 'auth', secret: process.env.SECRET })));
ws.once('message', () => {
  ws.pause();
  for (let i = 0; i < 400; i++)
    ws.send(JSON.stringify({ t: 'req', id: i, name: 'repo.readFile', params: { appId: process.env.APP, path: 'big.yaml' } }));
  console.log('flooding');
});
setInterval(() => {}, 1000);
`;

describe('browser-mode server against hostile clients (real core, real repository)', () => {
  let sandbox: Sandbox;
  let core: Core;
  let server: WebServer;
  let userDataDir: string;
  let healthy: WebSocket;
  let appId: string;
  const logs: string[] = [];
  let baseline = 0;
  let heldAtStart = 0;

  /** The ping every test ends with: answered, and quickly. */
  const pingFast = async (boundMs = 100) => {
    const started = performance.now();
    const reply = await call(healthy, 'system.ping', { message: 'still here' });
    const ms = performance.now() - started;
    expect(reply).toMatchObject({ ok: true, result: { message: 'still here' } });
    expect(ms).toBeLessThan(boundMs);
    return ms;
  };

  beforeAll(async () => {
    sandbox = await createSandbox();
    // 4 MiB of YAML: big enough that unread answers add up fast.
    const big = `# padding\n${'a: ' + 'x'.repeat(1022) + '\n'}`.repeat(4096);
    const repoPath = await createRepo(sandbox, 'repo', { 'big.yaml': big });
    userDataDir = await mkdtemp(join(tmpdir(), 'gd-hostile-'));
    core = await createCore({
      info: { name: 'GitOps Desktop', version: 'test', mode: 'browser', platform: process.platform },
      userDataDir,
      resourcesDir: resolve(import.meta.dirname, '../../../resources'),
      env: { ...sandbox.env, KUBECONFIG: join(sandbox.root, 'no-kubeconfig') },
      tickSeconds: 0,
    });
    server = await startWebServer({
      dispatch: createDispatcher(core.handlers),
      events: core.events,
      staticDir: resolve(import.meta.dirname, '../../../out/renderer'),
      log: (m) => logs.push(m),
    });
    healthy = await signedInSocket(server, tokenOf(server.url));
    const app = await call(healthy, 'apps.add', {
      name: 'big',
      repoPath,
      appPath: '',
      context: 'none',
      namespace: 'default',
    });
    expect(app.ok).toBe(true);
    appId = (app as { result: { id: string } }).result.id;
    await settle();
    baseline = memory();
    heldAtStart = held();
  });
  afterAll(async () => {
    healthy?.close();
    await server?.close();
    await core?.dispose();
    await rm(userDataDir, { recursive: true, force: true });
    await sandbox?.cleanup();
  });

  const rawUpgrade = (headers: string) =>
    new Promise<Socket>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(
          `GET /api/ws HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nOrigin: ${server.origin}\r\n` +
            `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
            `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${headers}\r\n`,
        );
        resolve(socket);
      });
      socket.on('error', () => {});
    });

  it('survives upgrades reset right after the request, with and without a cookie, before and after sign-in', async () => {
    const { cookie, secret } = await exchangeToken(server, tokenOf(server.newUrl()));
    for (let i = 0; i < 40; i++) {
      const noCookie = await rawUpgrade('');
      noCookie.resetAndDestroy();
      const withCookie = await rawUpgrade(`Cookie: ${cookie}\r\n`);
      // Reset at varying moments: before the answer, and after the 101.
      if (i % 2) await new Promise((r) => setTimeout(r, 2));
      withCookie.resetAndDestroy();
    }
    const { ws } = await openSocket(server, { cookie: cookie!, origin: server.origin });
    expect(await authenticate(ws!, secret)).toBe('ok');
    (ws as unknown as { _socket: Socket })._socket.resetAndDestroy();
    await pingFast();
  });

  it('closes only the socket that sends a text frame of invalid UTF-8', async () => {
    const ws = await signedInSocket(server, tokenOf(server.newUrl()));
    const code = closed(ws);
    ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]), { binary: false });
    expect(await code).toBe(1007);
    await pingFast();
  });

  it('closes only the socket that announces a frame over the size limit', async () => {
    const ws = await signedInSocket(server, tokenOf(server.newUrl()));
    const code = closed(ws);
    // A masked text frame header claiming 1 TiB, then a few bytes: nothing that size is buffered.
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(1n << 40n, 2);
    (ws as unknown as { _socket: Socket })._socket.write(Buffer.concat([header, Buffer.from('{"t":"req"')]));
    expect(await code).toBe(1009);
    await pingFast();
  });

  it('answers a request whose name is an object (even one whose toString is not a function)', async () => {
    const ws = await signedInSocket(server, tokenOf(server.newUrl()));
    for (const name of [{ toString: 1 }, { valueOf: 1, toString: 1 }, {}, [], null, 42, ['system.ping']]) {
      expect(await call(ws, name, {})).toMatchObject({ ok: false, error: { code: 'unknown-request' } });
    }
    expect(await call(ws, 'system.ping', { message: 'same socket' })).toMatchObject({ ok: true });
    ws.close();
    await pingFast();
  });

  it('disconnects a client that stops reading, keeps serving others, and gives the memory back', async () => {
    // The slow client is another process, so that its unread buffers are not this one's memory.
    const { cookie, secret } = await exchangeToken(server, tokenOf(server.newUrl()));
    const slow = spawn(process.execPath, ['--input-type=module', '-e', slowReader], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(server.port), COOKIE: cookie!, SECRET: secret!, APP: appId },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        slow.stdout.on('data', (d: Buffer) => d.toString().includes('flooding') && resolve());
        slow.on('exit', (code) => reject(new Error(`slow reader exited early (${code})`)));
      });
      const dropped = () => logs.some((l) => l.includes('stopped reading') || l.includes('reads too slowly'));
      // 400 reads of a 4 MiB file are waiting (1.6 GB of answers), plus 1 MiB events nobody reads.
      const padding = 'e'.repeat(MiB);
      let peak = 0;
      const during: number[] = [];
      for (let i = 0; i < 300 && !dropped(); i++) {
        core.events.emit('notice', { level: 'info', message: padding });
        if (i % 20 === 0) {
          // Still served while the flood is on (on a loaded machine this can take seconds); the
          // 100 ms figure is for afterwards.
          during.push(await pingFast(10_000));
          peak = Math.max(peak, memory());
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      expect(dropped()).toBe(true);
      // Requests it had in flight still finish (a file read cannot be called back); then:
      await new Promise((r) => setTimeout(r, 500));
      const timings = [await pingFast(), await pingFast(), await pingFast()];
      await settle();
      const after = memory();
      console.log(
        `slow reader: rss baseline ${(baseline / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB, ` +
          `after ${(after / MiB).toFixed(0)} MiB; pings during ${during.map((t) => t.toFixed(0)).join(', ')} ms, ` +
          `after ${timings.map((t) => t.toFixed(1)).join(', ')} ms; ` +
          `heap+external ${((held() - heldAtStart) / MiB).toFixed(1)} MiB above the start`,
      );
      expect(after - baseline).toBeLessThan(50 * MiB);
      expect(held() - heldAtStart).toBeLessThan(20 * MiB);
    } finally {
      slow.kill('SIGKILL');
    }
  });

  it('after all of it: memory is back within 50 MB of the start and the API still works', async () => {
    await settle();
    expect(memory() - baseline).toBeLessThan(50 * MiB);
    expect(await call(healthy, 'repo.readFile', { appId, path: 'big.yaml' })).toMatchObject({ ok: true });
    await pingFast();
  });
});

describe('one-time sign-in against the real core', () => {
  let core: Core;
  let server: WebServer;
  let userDataDir: string;

  beforeAll(async () => {
    userDataDir = await mkdtemp(join(tmpdir(), 'gd-signin-'));
    core = await createCore({
      info: { name: 'GitOps Desktop', version: 'test', mode: 'browser', platform: process.platform },
      userDataDir,
      resourcesDir: resolve(import.meta.dirname, '../../../resources'),
      tickSeconds: 0,
    });
    server = await startWebServer({
      dispatch: createDispatcher(core.handlers),
      events: core.events,
      staticDir: resolve(import.meta.dirname, '../../../out/renderer'),
      log: () => {},
    });
  });
  afterAll(async () => {
    await server?.close();
    await core?.dispose();
    await rm(userDataDir, { recursive: true, force: true });
  });

  it('the token works once; the second use is 401; a cookie without the tab secret cannot open the API', async () => {
    const token = tokenOf(server.url);
    const first = await exchangeToken(server, token);
    expect(first.status).toBe(200);
    expect((await exchangeToken(server, token)).status).toBe(401);

    const bare = await openSocket(server, { cookie: first.cookie!, origin: server.origin });
    expect(bare.status).toBe('open');
    const code = closed(bare.ws!);
    bare.ws!.send(JSON.stringify({ t: 'req', id: 1, name: 'apps.list', params: {} }));
    expect(await code).toBe(4401);

    const { ws } = await openSocket(server, { cookie: first.cookie!, origin: server.origin });
    expect(await authenticate(ws!, first.secret)).toBe('ok');
    expect(await call(ws!, 'apps.list', {})).toMatchObject({ ok: true });
    ws!.close();
  });
});
