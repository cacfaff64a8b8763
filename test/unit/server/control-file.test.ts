import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src-main/api/event-hub';
import { createDispatcher } from '../../../src-main/api/dispatcher';
import type { Handlers } from '../../../src-main/api/types';
import {
  controlFilePath,
  removeControlFile,
  requestNewUrl,
  writeControlFile,
} from '../../../src-main/server/control-file';
import { startWebServer, type WebServer } from '../../../src-main/server/web-server';
import { parseServeArgs } from '../../../src-main/server/serve-args';
import { exchangeToken, tokenOf } from '../../support/web-client';

describe('--new-url: a fresh sign-in URL from the running server', () => {
  let dir: string;
  let server: WebServer;
  const info = { port: 0, secret: 'control-0123456789abcdef0123456789', pid: process.pid };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-control-'));
    server = await startWebServer({
      dispatch: createDispatcher({} as Handlers),
      events: new EventHub(),
      staticDir: dir,
      controlSecret: info.secret,
      log: () => {},
    });
    info.port = server.port;
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('parses the flag', () => {
    expect(parseServeArgs(['--new-url', '--user-data-dir', '/x'])).toMatchObject({
      newUrl: true,
      userDataDir: '/x',
    });
    expect(parseServeArgs([]).newUrl).toBe(false);
  });

  it('says plainly when no server is running', async () => {
    await expect(requestNewUrl(dir)).rejects.toThrow(/No GitOps Desktop browser-mode server is running/);
  });

  it('asks the server named in a file only the user can read, and each URL signs in once', async () => {
    await writeControlFile(dir, info);
    expect((await stat(controlFilePath(dir))).mode & 0o777).toBe(0o600);
    const first = await requestNewUrl(dir);
    const second = await requestNewUrl(dir);
    expect(first).not.toBe(second);
    expect(first.startsWith(`${server.origin}/#token=`)).toBe(true);
    expect((await exchangeToken(server, tokenOf(first))).status).toBe(200);
    expect((await exchangeToken(server, tokenOf(first))).status).toBe(401);
    expect((await exchangeToken(server, tokenOf(second))).status).toBe(200);
  });

  it('removes the file on stop only while it is still this server’s', async () => {
    await writeControlFile(dir, { ...info, secret: 'a-newer-server' });
    await removeControlFile(dir, info);
    await expect(stat(controlFilePath(dir))).resolves.toBeDefined();
    await writeControlFile(dir, info);
    await removeControlFile(dir, info);
    await expect(stat(controlFilePath(dir))).rejects.toThrow();
  });
});
