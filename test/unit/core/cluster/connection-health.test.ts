import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../../src-shared/errors';
import type { ConnectionState } from '../../../../src-shared/model';
import { ConnectionHealth, requestTimeouts } from '../../../../src-main/core/cluster/connection-health';

describe('requestTimeouts', () => {
  const policy = { connectMs: 5000, downMs: 2000, slowMs: 5000 };

  it('gives a reachable server the request timeout and a few seconds to connect', () => {
    expect(requestTimeouts(30_000, 'connected', policy)).toEqual({ connectMs: 5000, requestMs: 30_000 });
    expect(requestTimeouts(30_000, 'unknown', policy)).toEqual({ connectMs: 5000, requestMs: 30_000 });
  });

  it('never makes the connect timeout longer than the request timeout', () => {
    expect(requestTimeouts(1000, 'connected', policy)).toEqual({ connectMs: 1000, requestMs: 1000 });
  });

  it('fails fast while the server is known to be down', () => {
    expect(requestTimeouts(30_000, 'unreachable', policy)).toEqual({ connectMs: 2000, requestMs: 2000 });
    expect(requestTimeouts(30_000, 'timeout', policy)).toEqual({ connectMs: 2000, requestMs: 2000 });
  });

  it('keeps the normal timeouts for statuses that are not about reaching the server', () => {
    expect(requestTimeouts(15_000, 'unauthorized', policy).requestMs).toBe(15_000);
    expect(requestTimeouts(15_000, 'tls', policy).requestMs).toBe(15_000);
  });
});

describe('ConnectionHealth', () => {
  const record = (h: ConnectionHealth) => {
    const seen: ConnectionState[] = [];
    h.onChange((s) => seen.push(s));
    return seen;
  };

  it('is unknown until a request says otherwise', () => {
    const h = new ConnectionHealth('ctx');
    expect(h.state).toEqual({ context: 'ctx', status: 'unknown' });
    expect(h.down).toBe(false);
  });

  it('turns unreachable on the first network failure and connected on the next answer', () => {
    const h = new ConnectionHealth('ctx');
    const seen = record(h);
    h.answered(200);
    h.failed(new ApiFailure('unreachable', 'Cannot reach the API server (ECONNREFUSED)'));
    expect(h.down).toBe(true);
    expect(h.state).toEqual({
      context: 'ctx',
      status: 'unreachable',
      message: 'Cannot reach the API server (ECONNREFUSED)',
    });
    h.answered(404);
    expect(h.down).toBe(false);
    expect(seen.map((s) => s.status)).toEqual(['connected', 'unreachable', 'connected']);
  });

  it('treats a timeout as down and a 401 as bad credentials', () => {
    const h = new ConnectionHealth('ctx');
    h.failed(new ApiFailure('timeout', 'did not answer'));
    expect(h.status).toBe('timeout');
    expect(h.down).toBe(true);
    h.answered(401, 'Unauthorized');
    expect(h.state).toEqual({ context: 'ctx', status: 'unauthorized', message: 'Unauthorized' });
    expect(h.down).toBe(false);
  });

  it('ignores failures that concern one request, not the connection', () => {
    const h = new ConnectionHealth('ctx');
    h.answered(200);
    h.failed(new ApiFailure('cancelled', 'Cancelled'));
    h.failed(new ApiFailure('conflict', 'conflict'));
    h.failed(new ApiFailure('forbidden', 'forbidden'));
    expect(h.status).toBe('connected');
  });

  it('tells listeners only about changes, and keeps the server version it learnt', () => {
    const h = new ConnectionHealth('ctx');
    const seen = record(h);
    h.answered(200, undefined, 'v1.37.2');
    h.answered(200);
    h.answered(201);
    expect(seen).toEqual([{ context: 'ctx', status: 'connected', serverVersion: 'v1.37.2' }]);
    expect(h.state.serverVersion).toBe('v1.37.2');
  });

  it('keeps notifying the other listeners when one throws', () => {
    const h = new ConnectionHealth('ctx');
    h.onChange(() => {
      throw new Error('broken listener');
    });
    const seen = record(h);
    h.failed(new ApiFailure('unreachable', 'gone'));
    expect(seen).toHaveLength(1);
  });
});
