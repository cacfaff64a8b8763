import { join } from 'node:path';
import type { SyncRun } from '../../../src-shared/model';
import { generateRepo } from '../generate-repo';
import { openApp, syncFailure, type OursApp } from '../ours/ours-core';
import { kubectlApply, kubectlRolloutStatus } from '../peers/kubectl';
import type { Row } from '../results';
import { namespace, Series, type BenchContext } from './bench-context';
import { awaitQuietCluster } from './cluster-quiet';

/**
 * Deployments of this scenario's app that run a pod (one each); the others ask for 0 replicas.
 * The test cluster's two KWOK nodes hold 110 pods each, shared with whatever else runs on it, so
 * the app is bounded to 50 pods whatever its size; each side's namespace is removed before the
 * other side starts.
 */
export const runningDeployments = 50;

/** The largest size measured: the target is at 1,000, and larger apps add no pods. */
export const healthyMaxSize = 1000;

const timeoutMs = (n: number) => 120_000 + n * 200;

/** Where the time went in the last run of each side. */
interface Split {
  firstMs: number;
  restMs: number;
}

/**
 * A new peer brought up from nothing, until it is healthy: ours is `sync.start` (apply all) into
 * an empty namespace until the run records `healthyAt`; the peer is `kubectl apply --server-side`
 * then `kubectl rollout status deployment`, which waits for every Deployment of the namespace.
 * The order of the two sides alternates between runs.
 */
export async function healthyScenario(ctx: BenchContext, n: number, runs: number): Promise<Row> {
  const repo = await generateRepo({
    dir: join(ctx.workDir, `running-${n}`),
    resources: n,
    commits: 1,
    runningDeployments,
  });
  const deployments = repo.resources.filter((r) => r.kindName === 'deployment').length;
  const pods = repo.resources.reduce((sum, r) => sum + (r.replicas ?? 0), 0);
  const ours = new Series();
  const peer = new Series();
  let oursSplit: Split | undefined;
  let peerSplit: Split | undefined;
  await awaitQuietCluster(ctx);
  for (let run = 0; run < runs; run++) {
    const steps = [
      () =>
        ours.add(async () => {
          const ns = await namespace(ctx, `healthy-${n}-ours-${run}`);
          const o = await openApp(ctx.cluster, `healthy-${n}-${run}`, repo.dir, ns);
          try {
            // The app is open and compared, as when a user looks at it before pressing Sync.
            await o.core.api.call('state.get', { appId: o.app.id, compareWith: 'HEAD' });
            const t = await syncUntilHealthy(o, timeoutMs(n));
            oursSplit = t;
            return t.firstMs + t.restMs;
          } finally {
            await o.close();
            await releaseNamespace(ctx, ns);
          }
        }),
      () =>
        peer.add(async () => {
          const ns = await namespace(ctx, `healthy-${n}-kubectl-${run}`);
          try {
            const started = performance.now();
            await kubectlApply(ctx.kubectl, repo.dir, ns);
            const applied = performance.now();
            await kubectlRolloutStatus(ctx.kubectl, ns, timeoutMs(n));
            const end = performance.now();
            peerSplit = { firstMs: applied - started, restMs: end - applied };
            return end - started;
          } finally {
            await releaseNamespace(ctx, ns);
          }
        }),
    ];
    for (const step of run % 2 ? [...steps].reverse() : steps) await step();
    ctx.log(
      `healthy N=${n} run ${run + 1}: ours ${fmt(ours.values[run])} (sync.finished after ${fmt(oursSplit?.firstMs)}), kubectl ${fmt(peer.values[run])} (applied after ${fmt(peerSplit?.firstMs)})`,
    );
  }
  const r = (v: number) => `${Math.round(v)} ms`;
  const parts = [
    `${deployments} Deployments, ${pods} with a pod`,
    oursSplit &&
      `last run: ours ${r(oursSplit.firstMs)} until sync.finished, then ${r(oursSplit.restMs)} until healthy`,
    peerSplit && `kubectl apply ${r(peerSplit.firstMs)}, then rollout status ${r(peerSplit.restMs)}`,
  ];
  return { n, ours: ours.result(), peer: peer.result(), note: parts.filter(Boolean).join('; ') };
}

/** `sync.start` (apply all) until the run is recorded healthy; fails when it gave up or failed. */
async function syncUntilHealthy(o: OursApp, timeout: number): Promise<Split> {
  let finishedAt: number | undefined;
  let finished: SyncRun | undefined;
  let healthy: SyncRun | undefined;
  let syncId: string | undefined;
  let wake: (() => void) | undefined;
  // Listen before starting: a small sync may finish before sync.start has returned.
  const early: SyncRun[] = [];
  const offFinished = o.core.api.on('sync.finished', (run) => {
    if (run.appId !== o.app.id) return;
    finishedAt ??= performance.now();
    finished = run;
    wake?.();
  });
  const offHealthy = o.core.api.on('sync.healthy', (run) => {
    if (run.appId !== o.app.id) return;
    if (syncId === undefined) early.push(run);
    else if (run.id === syncId) healthy = run;
    wake?.();
  });
  try {
    const started = performance.now();
    syncId = (
      await o.core.api.call('sync.start', {
        appId: o.app.id,
        options: { prune: false, force: false, applyAll: true },
      })
    ).syncId;
    healthy ??= early.find((run) => run.id === syncId);
    const deadline = started + timeout;
    while (!healthy) {
      if (finished && finished.id === syncId && finished.phase !== 'Succeeded')
        throw new Error(syncFailure(finished));
      if (performance.now() > deadline) throw new Error(`sync ${syncId} not healthy within ${timeout} ms`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 1000);
      });
    }
    const end = performance.now();
    if (!healthy.healthyAt) throw new Error(`sync ${syncId}: ${healthy.healthMessage ?? 'not healthy'}`);
    const first = (finishedAt ?? end) - started;
    return { firstMs: first, restMs: end - started - first };
  } finally {
    offFinished();
    offHealthy();
  }
}

/**
 * Removes a measured namespace and waits until it is gone, so the next side finds the nodes' pod
 * slots free and the controller manager idle: deleting a namespace of 1,000 objects takes a good
 * share of its request budget, which would slow the next side's Deployments. Not timed.
 */
async function releaseNamespace(ctx: BenchContext, ns: string): Promise<void> {
  await ctx.conn.deleteNamespace(ns).catch(() => undefined);
  const deadline = performance.now() + 180_000;
  while (performance.now() < deadline) {
    if ((await ctx.conn.request('GET', `/api/v1/namespaces/${ns}`)).status === 404) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  ctx.log(`namespace ${ns} still there after 180 s`);
}

const fmt = (v: number | undefined) => (v === undefined ? 'failed' : `${Math.round(v)} ms`);
