import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ResourceClient } from '../../../src-main/core/cluster/resource-client';
import { KubeConnection } from '../../bench/kube-connection';
import type { ConnectionState } from '../../../src-shared/model';
import { startTestCore, type TestCore } from '../../support/core-client';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';
import {
  adminContext,
  configMap,
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
  resource,
  uniqueSuffix,
  waitFor,
  waitForState,
} from '../../support/kube-fixtures';
import { startOwnCluster, type OwnCluster } from './own-cluster';

async function etcdPost(etcdPort: number, path: string, body: unknown) {
  const res = await fetch(`http://127.0.0.1:${etcdPort}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`etcd ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as { header?: { revision?: string } };
}

/** A write straight to etcd (outside the Kubernetes prefix): the cluster's revision moves on. */
async function bumpEtcd(etcdPort: number): Promise<void> {
  const b64 = (v: string) => Buffer.from(v).toString('base64');
  await etcdPost(etcdPort, '/v3/kv/put', {
    key: b64('/gitops-desktop-test/bump'),
    value: b64(String(Date.now())),
  });
}

/** etcd's v3 HTTP gateway: the current revision, then a compaction of everything before it. */
async function compactEtcd(etcdPort: number): Promise<number> {
  const range = await etcdPost(etcdPort, '/v3/kv/range', {
    key: Buffer.from('/registry').toString('base64'),
  });
  const revision = Number(range.header?.revision);
  expect(revision).toBeGreaterThan(1);
  await etcdPost(etcdPort, '/v3/kv/compaction', { revision, physical: true });
  return revision;
}

describe('watches across an etcd compaction', () => {
  let cluster: OwnCluster;
  let sandbox: Sandbox;
  let h: TestCore;
  const ns = `compact-${uniqueSuffix()}`;
  const statuses: ConnectionState[] = [];
  let appId = '';

  beforeAll(async () => {
    cluster = await startOwnCluster('fault-cluster-etcd');
    sandbox = await createSandbox();
    h = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: cluster.kubeconfig } });
    h.api.on('kube.connection', (s) => statuses.push(s));
    const app = await createClusterApp(h, sandbox, {
      name: `compact-${ns}`,
      namespace: ns,
      files: {
        'ns.yaml': namespaceYaml(ns),
        'web.yaml': deployment('web', ns, 1),
        'settings.yaml': configMap('settings', ns, { mode: 'a' }),
      },
    });
    appId = app.id;
    await h.api.call('sync.start', { appId, options: noSyncOptions });
    await h.waitForEvent('sync.finished', (r) => r.appId === appId, 120_000);
    await waitForState(h, appId, 'synced', (s) => s.sync === 'Synced' && s.health === 'Healthy');
  }, 240_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await h?.close();
    await cluster?.down();
    await sandbox?.cleanup();
  }, 60_000);

  /**
   * Changes the live Deployment behind the app's back, with a bare HTTPS client so no kubectl
   * start-up is counted; resolves with the time from the change to the drift notice, in ms.
   */
  async function driftLatency(replicas: number): Promise<number> {
    const notice = h.waitForEvent(
      'notice',
      (n) => n.appId === appId && n.message.startsWith('Drift detected'),
      15_000,
    );
    const kube = await KubeConnection.fromKubeconfig(cluster.kubeconfig, adminContext, 1);
    const started = performance.now();
    const reply = await kube.request(
      'PATCH',
      `/apis/apps/v1/namespaces/${ns}/deployments/web`,
      JSON.stringify({ spec: { replicas } }),
      'application/merge-patch+json',
    );
    expect(reply.status, reply.text).toBe(200);
    expect((await notice).message).toContain('Deployment');
    return performance.now() - started;
  }

  /** Some other write, so the versions our watches hold fall behind the cluster's. */
  async function unrelatedWrite(): Promise<void> {
    await cluster.kubectl('create', 'configmap', `unrelated-${Date.now()}`, '-n', 'default');
  }

  async function restoreSynced(): Promise<void> {
    await cluster.kubectl('scale', 'deployment', 'web', '-n', ns, '--replicas=1');
    await waitForState(h, appId, 'synced again', (s) => resource(s, 'Deployment', 'web')?.sync === 'Synced');
  }

  it('reports drift within 1 s after a compaction while the watches run', async () => {
    await unrelatedWrite();
    await compactEtcd(await cluster.port('etcd'));
    const latency = await driftLatency(2);
    console.log(`drift after an etcd compaction: ${latency.toFixed(0)} ms`);
    expect(latency).toBeLessThan(1000);
    await restoreSynced();
  });

  it('re-lists when the compacted version is gone (410) and still reports drift within 1 s', async () => {
    const lists = vi.spyOn(ResourceClient.prototype, 'list');
    const etcd = await cluster.port('etcd');
    // With kube-apiserver down, etcd moves on and is compacted: the versions our watches hold are
    // gone for good (no bookmark can refresh them meanwhile). The restarted kube-apiserver starts
    // its watch cache at etcd's current revision, so our watches, resuming, get 410 Gone and must
    // re-list.
    await cluster.launcher('apiserver', 'kill');
    await bumpEtcd(etcd);
    await compactEtcd(etcd);
    await cluster.launcher('apiserver', 'restart');
    const relisted = () =>
      lists.mock.calls.some(([info, opts]) => info.resource === 'deployments' && opts?.namespace === ns);
    await waitFor('the Deployment watch to re-list', async () => (relisted() ? true : undefined), 30_000);
    await waitFor('the connection to be reported back', async () =>
      statuses.at(-1)?.status === 'connected' ? true : undefined,
    );
    lists.mockRestore();

    const latency = await driftLatency(3);
    console.log(`drift after compaction + apiserver restart (re-listed): ${latency.toFixed(0)} ms`);
    expect(latency).toBeLessThan(1000);
    const state = await h.api.call('state.get', { appId });
    expect(state.connection.status).toBe('connected');
    expect(resource(state, 'Deployment', 'web')?.syncReason).toContain('spec.replicas');
  });
});
