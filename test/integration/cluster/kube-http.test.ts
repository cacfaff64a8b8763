import { createServer } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { ClusterConnection } from '../../../src-main/core/cluster/cluster-connection';
import { ApiFailure } from '../../../src-shared/errors';
import type { ConnectionState } from '../../../src-shared/model';
import { adminContext } from '../../support/kube-fixtures';
import { KubeConfig } from '../../../src-main/core/cluster/kube-config';

function adminConfig(server?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(inject('kubeconfig'));
  kc.setCurrentContext(adminContext);
  if (server) {
    const name = kc.getContextObject(adminContext)!.cluster;
    kc.clusters = kc.clusters.map((c) => (c.name === name ? { ...c, server } : c));
  }
  return kc;
}

/** A port nothing listens on: taken from the kernel, then released. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

const tlsSockets = () =>
  process.getActiveResourcesInfo().filter((r) => r === 'TLSWrap' || r === 'TCPSocketWrap').length;

describe('KubeHttp against the real API server', () => {
  const conns: ClusterConnection[] = [];
  const connect = (server?: string) => {
    const c = new ClusterConnection(adminContext, adminConfig(server));
    conns.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of conns.splice(0)) c.dispose();
  });

  it('reuses its connections (one keep-alive agent per context)', async () => {
    const conn = connect();
    for (let i = 0; i < 30; i++) {
      await conn.http.json({ method: 'GET', path: '/version' }, 'version');
    }
    expect(conn.http.connectionsOpened).toBe(1);
    await Promise.all(
      Array.from({ length: 12 }, () => conn.http.json({ method: 'GET', path: '/api' }, 'api')),
    );
    // Concurrent requests open what they need, and the next sequential ones reuse those.
    const afterBurst = conn.http.connectionsOpened;
    expect(afterBurst).toBeLessThanOrEqual(13);
    for (let i = 0; i < 10; i++) await conn.http.json({ method: 'GET', path: '/version' }, 'version');
    expect(conn.http.connectionsOpened).toBe(afterBurst);
    expect(conn.state.status).toBe('connected');
  });

  it('aborts a request in flight when its signal fires', async () => {
    const conn = connect();
    const abort = new AbortController();
    // A watch answers nothing for a while: the request hangs until it is aborted.
    const pending = conn.http.request({
      method: 'GET',
      path: '/api/v1/namespaces?watch=1&resourceVersion=0&timeoutSeconds=60&fieldSelector=metadata.name%3Dnone',
      signal: abort.signal,
      timeoutMs: 60_000,
    });
    await new Promise((r) => setTimeout(r, 300));
    const started = performance.now();
    abort.abort();
    const err = await pending.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiFailure);
    expect((err as ApiFailure).code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(200);
    // A cancel says nothing about the server.
    expect(conn.state.status).not.toBe('unreachable');
  });

  it('closes every socket on dispose, watches included', async () => {
    const before = tlsSockets();
    const conn = connect();
    const ns = await conn.discovery.require('', 'Namespace', 'v1');
    const cms = await conn.discovery.require('', 'ConfigMap', 'v1');
    await conn.live.ensure(ns, '');
    await conn.live.ensure(cms, 'default');
    await conn.http.json({ method: 'GET', path: '/version' }, 'version');
    expect(tlsSockets()).toBeGreaterThan(before);
    conn.dispose();
    await new Promise((r) => setTimeout(r, 100));
    expect(tlsSockets()).toBeLessThanOrEqual(before);
    await expect(conn.http.request({ method: 'GET', path: '/version' })).rejects.toMatchObject({
      code: 'cancelled',
    });
  });

  it('marks a server that refuses connections unreachable and fails fast afterwards', async () => {
    const conn = connect(`https://127.0.0.1:${await closedPort()}`);
    const seen: ConnectionState[] = [];
    conn.onStatus((s) => seen.push(s));
    await expect(conn.http.request({ method: 'GET', path: '/version' })).rejects.toMatchObject({
      code: 'unreachable',
    });
    expect(conn.state.status).toBe('unreachable');
    expect(conn.state.message).toContain('ECONNREFUSED');
    expect(seen.map((s) => s.status)).toEqual(['unreachable']);
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => conn.http.request({ method: 'GET', path: '/api' })),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
    // The state waits for nothing: it says why at once.
    await expect(conn.ready(500)).rejects.toMatchObject({ code: 'unreachable' });
  });
});
