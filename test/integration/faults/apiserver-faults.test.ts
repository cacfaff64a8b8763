import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionState, SyncRun } from '../../../src-shared/model';
import { startTestCore, type TestCore } from '../../support/core-client';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';
import {
  configMap,
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
  uniqueSuffix,
  waitFor,
} from '../../support/kube-fixtures';
import { startOwnCluster, type OwnCluster } from './own-cluster';

const finalPhases = new Set(['applied', 'healthy', 'failed', 'skipped', 'pruned']);

/** A Namespace and `count` ConfigMaps, 30 to a file, as a repository would hold them. */
function manyConfigMaps(ns: string, count: number): Record<string, string> {
  const files: Record<string, string> = { 'ns.yaml': namespaceYaml(ns) };
  for (let f = 0; f * 30 < count; f++) {
    const docs: string[] = [];
    for (let i = f * 30; i < Math.min(count, (f + 1) * 30); i++) {
      docs.push(
        configMap(`cm-${String(i).padStart(3, '0')}`, ns, { index: String(i), payload: 'x'.repeat(200) }),
      );
    }
    files[`config/part-${f}.yaml`] = docs.join('---\n');
  }
  return files;
}

/** Every item of a finished run is in a final phase: nothing left "pending" or "applying". */
function expectAccountedFor(run: SyncRun, count: number): void {
  expect(run.items).toHaveLength(count);
  const open = run.items.filter((i) => !finalPhases.has(i.phase));
  expect(open, JSON.stringify(open.slice(0, 3))).toEqual([]);
}

describe('kube-apiserver faults during a sync', () => {
  let cluster: OwnCluster;
  let sandbox: Sandbox;
  let h: TestCore;
  const ns = `faults-${uniqueSuffix()}`;
  const statuses: ConnectionState[] = [];
  let appId = '';
  let frozenPid = 0;

  beforeAll(async () => {
    cluster = await startOwnCluster('fault-cluster-apiserver');
    sandbox = await createSandbox();
    h = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: cluster.kubeconfig } });
    h.api.on('kube.connection', (s) => statuses.push(s));
    const app = await createClusterApp(h, sandbox, {
      name: `faults-${ns}`,
      namespace: ns,
      files: manyConfigMaps(ns, 300),
    });
    appId = app.id;
    // The state is what the user looks at: it also starts the watches the sync relies on.
    const state = await h.api.call('state.get', { appId });
    expect(state.connection.status).toBe('connected');
    expect(state.resources.filter((r) => !r.parentId)).toHaveLength(301);
  }, 240_000);

  afterAll(async () => {
    if (frozenPid) process.kill(frozenPid, 'SIGCONT');
    await h?.close();
    await cluster?.down();
    await sandbox?.cleanup();
  }, 60_000);

  it('ends the run Failed within 10 s of a kill, every item accounted for, and says unreachable at once', async () => {
    const pid = await cluster.pid('kube-apiserver');
    let applied = 0;
    let killedAt = 0;
    const off = h.api.on('sync.progress', (p) => {
      if (p.appId !== appId || p.item.phase !== 'applied' || p.item.key.kind !== 'ConfigMap') return;
      if (++applied === 40) {
        killedAt = performance.now();
        process.kill(pid, 'SIGKILL');
      }
    });
    try {
      const finished = h.waitForEvent('sync.finished', (r) => r.appId === appId, 120_000);
      await h.api.call('sync.start', { appId, options: noSyncOptions });
      const run = await finished;
      const endedAfterKill = performance.now() - killedAt;
      console.log(`kill → run ended: ${endedAfterKill.toFixed(0)} ms (${applied} applied before the kill)`);
      expect(killedAt, 'the server was killed during the run').toBeGreaterThan(0);
      expect(run.phase).toBe('Failed');
      expect(endedAfterKill).toBeLessThan(10_000);
      expectAccountedFor(run, 301);
      const failed = run.items.filter((i) => i.phase === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      for (const item of failed) expect(item.message).toMatch(/API server|reach/i);
      expect(
        run.items.filter((i) => i.phase === 'applied' || i.phase === 'healthy').length,
      ).toBeGreaterThanOrEqual(40);
    } finally {
      off();
    }

    const started = performance.now();
    const state = await h.api.call('state.get', { appId });
    const took = performance.now() - started;
    console.log(`state.get with the server down: ${took.toFixed(0)} ms`);
    expect(took).toBeLessThan(1000);
    expect(state.connection.status).toBe('unreachable');
    expect(state.connection.message).toMatch(/Cannot reach the API server/);
    // The status bar hears it without asking.
    expect(statuses.some((s) => s.status === 'unreachable')).toBe(true);
    expect((await h.api.call('kube.check', { context: state.connection.context })).status).toBe(
      'unreachable',
    );
  });

  it('uses a server restarted on a new port for the next sync, with no hard refresh', async () => {
    const oldServer = (await h.api.call('kube.contexts', {})).contexts[0]?.server;
    const out = await cluster.launcher('apiserver', 'restart', '--new-port', '--json');
    const { server } = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { server: string };
    expect(server).not.toBe(oldServer);

    const finished = h.waitForEvent('sync.finished', (r) => r.appId === appId, 120_000);
    await h.api.call('sync.start', { appId, options: noSyncOptions });
    const run = await finished;
    expect(run.phase, run.message).toBe('Succeeded');
    const state = await h.api.call('state.get', { appId });
    expect(state.connection.status).toBe('connected');
    expect(state.sync).toBe('Synced');
    await waitFor('the status bar to hear "connected"', async () =>
      statuses.at(-1)?.status === 'connected' ? true : undefined,
    );
  });

  it('cancels within 2 s while the server is frozen', async () => {
    const pid = await cluster.pid('kube-apiserver');
    let applied = 0;
    const frozen = new Promise<void>((resolve) => {
      const off = h.api.on('sync.progress', (p) => {
        if (p.appId !== appId || p.item.phase !== 'applied' || p.item.key.kind !== 'ConfigMap') return;
        if (++applied === 30) {
          process.kill(pid, 'SIGSTOP');
          frozenPid = pid;
          off();
          resolve();
        }
      });
    });
    const finished = h.waitForEvent('sync.finished', (r) => r.appId === appId, 120_000);
    await h.api.call('sync.start', { appId, options: { ...noSyncOptions, applyAll: true } });
    await frozen;
    // Let the requests in flight hang on the frozen server.
    await new Promise((r) => setTimeout(r, 1000));
    try {
      const started = performance.now();
      expect((await h.api.call('sync.cancel', { appId })).cancelled).toBe(true);
      const run = await finished;
      const took = performance.now() - started;
      console.log(`cancel with the server frozen → run ended: ${took.toFixed(0)} ms`);
      expect(took).toBeLessThan(2000);
      expect(run.phase).toBe('Cancelled');
      expectAccountedFor(run, 301);
    } finally {
      process.kill(pid, 'SIGCONT');
      frozenPid = 0;
    }
  });
  it('cancels within 2 s while comparing and planning against a frozen server, nothing applied', async () => {
    await waitFor('the connection to be back', async () => {
      const state = await h.api.call('state.get', { appId });
      return state.connection.status === 'connected' ? state : undefined;
    });
    const pid = await cluster.pid('kube-apiserver');
    const progressed: string[] = [];
    const off = h.api.on('sync.progress', (p) => {
      if (p.appId === appId && p.item.phase === 'applied') progressed.push(p.item.id);
    });
    process.kill(pid, 'SIGSTOP');
    frozenPid = pid;
    try {
      const finished = h.waitForEvent('sync.finished', (r) => r.appId === appId, 120_000);
      // Apply all: every existing object needs the server's dry-run verdict, which hangs now.
      await h.api.call('sync.start', { appId, options: { ...noSyncOptions, applyAll: true } });
      await new Promise((r) => setTimeout(r, 1000));
      const started = performance.now();
      expect((await h.api.call('sync.cancel', { appId })).cancelled).toBe(true);
      const run = await finished;
      const took = performance.now() - started;
      console.log(`cancel while planning against a frozen server → run ended: ${took.toFixed(0)} ms`);
      expect(took).toBeLessThan(2000);
      expect(run.phase).toBe('Cancelled');
      expect(run.message).toMatch(/before anything was applied/);
      expect(run.items.every((i) => i.phase === 'skipped')).toBe(true);
      expect(progressed).toEqual([]);
    } finally {
      off();
      process.kill(pid, 'SIGCONT');
      frozenPid = 0;
    }
  });
  it('gives up waiting for a wave to become healthy once the server stays away, instead of its 2-minute timeout', async () => {
    await waitFor('the connection to be back', async () => {
      const state = await h.api.call('state.get', { appId });
      return state.connection.status === 'connected' ? state : undefined;
    });
    const wavesNs = `${ns}-waves`;
    const app = await createClusterApp(h, sandbox, {
      name: `waves-${ns}`,
      namespace: wavesNs,
      files: {
        'ns.yaml': namespaceYaml(wavesNs),
        // No node matches: the rollout stays Progressing, so wave 0 is still being waited for.
        'stuck.yaml': deployment('stuck', wavesNs, 1, '      nodeSelector:\n        no-such-node: "true"\n'),
        'late.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: late\n  namespace: ${wavesNs}\n  annotations:\n    argocd.argoproj.io/sync-wave: "1"\ndata:\n  a: "1"\n`,
      },
    });
    await h.api.call('state.get', { appId: app.id });
    const waiting = h.waitForEvent(
      'sync.wave',
      (w) => w.appId === app.id && w.wave === 0 && w.phase === 'waiting',
      60_000,
    );
    const finished = h.waitForEvent('sync.finished', (r) => r.appId === app.id, 120_000);
    await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    await waiting;
    const killedAt = performance.now();
    process.kill(await cluster.pid('kube-apiserver'), 'SIGKILL');
    const run = await finished;
    const took = performance.now() - killedAt;
    console.log(`server killed while waiting for wave 0's health → run ended: ${took.toFixed(0)} ms`);
    expect(took).toBeLessThan(60_000);
    expect(run.phase).toBe('Failed');
    expect(run.message).toMatch(/API server went away while wave 0/);
    const late = run.items.find((i) => i.key.name === 'late');
    expect(late?.phase).toBe('skipped');
    const stuck = run.items.find((i) => i.key.name === 'stuck');
    expect(stuck?.message).toMatch(/Health unknown/);
  });
});
