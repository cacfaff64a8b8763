import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src-main/api/event-hub';
import type { Dispatch } from '../../../src-main/api/dispatcher';
import { startWebServer, type WebServer } from '../../../src-main/server/web-server';
import type { ConnectionLimits } from '../../../src-main/server/socket-connection';
import { call, signedInSocket, tokenOf } from '../../support/web-client';

describe('per-socket limits', () => {
  let server: WebServer | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const start = async (dispatch: Dispatch, limits: Partial<ConnectionLimits>, events = new EventHub()) => {
    dir = await mkdtemp(join(tmpdir(), 'gd-limits-'));
    const logs: string[] = [];
    server = await startWebServer({ dispatch, events, staticDir: dir, limits, log: (m) => logs.push(m) });
    return { server, logs, events };
  };

  it('runs at most maxInFlight requests of one socket at once, and answers them all', async () => {
    let running = 0;
    let peak = 0;
    const dispatch: Dispatch = async (_name, params) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return { ok: true, result: params };
    };
    const { server } = await start(dispatch, { maxInFlight: 3 });
    const ws = await signedInSocket(server, tokenOf(server.url));
    ws.setMaxListeners(100);
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => call(ws, 'system.ping', { i })));
    expect(replies.map((r) => (r as { result: { i: number } }).result.i)).toEqual(
      Array.from({ length: 40 }, (_, i) => i),
    );
    expect(peak).toBe(3);
    ws.close();
  });

  it('bounds the bytes of requests in flight, yet always runs one however large', async () => {
    let running = 0;
    let peak = 0;
    const dispatch: Dispatch = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return { ok: true, result: null };
    };
    const { server } = await start(dispatch, { maxInFlight: 50, maxInFlightBytes: 1000 });
    const ws = await signedInSocket(server, tokenOf(server.url));
    ws.setMaxListeners(100);
    const big = 'b'.repeat(600);
    const replies = await Promise.all(Array.from({ length: 10 }, () => call(ws, 'system.ping', { big })));
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(peak).toBe(1);
    expect((await call(ws, 'system.ping', { huge: 'h'.repeat(5000) })).ok).toBe(true);
    ws.close();
  });

  it('disconnects a socket whose unread output stays over the soft limit', async () => {
    const { server, logs, events } = await start(async () => ({ ok: true, result: null }), {
      softBufferBytes: 256 * 1024,
      stallMs: 300,
    });
    const ws = await signedInSocket(server, tokenOf(server.url));
    ws.pause();
    const payload = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 40 && !logs.some((l) => l.includes('too slowly')); i++) {
      events.emit('notice', { level: 'info', message: payload });
      await new Promise((r) => setTimeout(r, 20));
    }
    await expect.poll(() => logs.some((l) => l.includes('reads too slowly')), { timeout: 5000 }).toBe(true);
    ws.terminate();
  });
});
