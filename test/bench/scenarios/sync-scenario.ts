import { sample, type GeneratedRepo } from '../generate-repo';
import { openApp, syncAndWait, syncFailure, type OursApp } from '../ours/ours-core';
import { floorApply } from '../peers/floor-apply';
import { kubectlApply } from '../peers/kubectl';
import type { Row } from '../results';
import { namespace, Series, type BenchContext } from './bench-context';

export interface SyncOutcome {
  sync: Row;
  resync: Row;
  /** The app of the last sync run, left open and synced, for the scenarios that follow. */
  ours: OursApp | undefined;
  oursNamespace: string;
  kubectlNamespace: string;
}

const syncTimeoutMs = (n: number) => 120_000 + n * 200;

/** Where a sync's time went, from its progress events: before the first apply, applying, after. */
export interface SyncPhases {
  planMs: number;
  applyMs: number;
  afterMs: number;
}

/** Times one sync of an open app, with its phases from `sync.progress`. */
export async function timedSync(
  o: OursApp,
  applyAll: boolean,
  n: number,
): Promise<{ ms: number; phases: SyncPhases }> {
  let firstApplying: number | undefined;
  let lastApplied: number | undefined;
  const off = o.core.api.on('sync.progress', (p) => {
    if (p.appId !== o.app.id) return;
    if (p.item.phase === 'applying') firstApplying ??= performance.now();
    if (p.item.phase === 'applied') lastApplied = performance.now();
  });
  const started = performance.now();
  try {
    const result = await syncAndWait(o, applyAll, syncTimeoutMs(n));
    const end = performance.now();
    const failure = syncFailure(result);
    if (failure) throw new Error(failure);
    const a = firstApplying ?? end;
    const b = lastApplied ?? a;
    return { ms: end - started, phases: { planMs: a - started, applyMs: b - a, afterMs: end - b } };
  } finally {
    off();
  }
}

export function describePhases(label: string, p: SyncPhases | undefined): string | undefined {
  if (!p) return undefined;
  const r = (v: number) => `${Math.round(v)} ms`;
  return `${label}: comparison and plan ${r(p.planMs)}, applying ${r(p.applyMs)}, then ${r(p.afterMs)} until sync.finished (health wait)`;
}

/**
 * Sync of all N into empty namespaces (ours, `kubectl apply --server-side`, the floor client; the
 * order rotates between runs so background work of the control plane is shared fairly), then
 * re-syncs after 1% of the resources changed in git. Ours is timed from `sync.start` of an app
 * whose first state is shown (as when the user clicks Sync), not from `apps.add`.
 */
export async function syncScenario(
  ctx: BenchContext,
  repo: GeneratedRepo,
  n: number,
  runs: number,
): Promise<SyncOutcome> {
  const ours = new Series();
  const peer = new Series();
  const floor = new Series();
  let phases: SyncPhases | undefined;
  let rePhases: SyncPhases | undefined;
  let kept: OursApp | undefined;
  let oursNamespace = '';
  let kubectlNamespace = '';
  for (let run = 0; run < runs; run++) {
    const nsOurs = await namespace(ctx, `bench-${n}-ours-${run}`);
    const nsKubectl = await namespace(ctx, `bench-${n}-kubectl-${run}`);
    const nsFloor = await namespace(ctx, `bench-${n}-floor-${run}`);
    const previous = kept;
    kept = undefined;
    await previous?.close();
    const steps = [
      () =>
        ours.add(async () => {
          kept = await openApp(ctx.cluster, `bench-${n}-${run}`, repo.dir, nsOurs);
          // A user syncs an app whose state is on screen: its first comparison is not timed.
          await kept.core.api.call('state.get', { appId: kept.app.id, compareWith: 'HEAD' });
          const t = await timedSync(kept, true, n);
          phases = t.phases;
          return t.ms;
        }),
      () => peer.add(async () => (await kubectlApply(ctx.kubectl, repo.dir, nsKubectl)).ms),
      () => floor.add(async () => (await floorApply(ctx.conn, repo.resources, nsFloor, ctx.concurrency)).ms),
    ];
    for (const step of run % 2 ? [...steps].reverse() : steps) await step();
    ctx.log(
      `sync N=${n} run ${run + 1}: ours ${fmt(ours.values[run])}, kubectl ${fmt(peer.values[run])}, floor ${fmt(floor.values[run])}`,
    );
    oursNamespace = nsOurs;
    kubectlNamespace = nsKubectl;
  }

  const reOurs = new Series();
  const rePeer = new Series();
  for (let run = 0; run < runs; run++) {
    const files = await repo.edit(sample(repo, 0.01, run + 3));
    await repo.commit(files, `Change 1% of the app (run ${run + 1})`);
    const app = kept;
    await reOurs.add(async () => {
      if (!app) throw new Error(ours.error ?? 'no synced app');
      const t = await timedSync(app, false, n);
      rePhases = t.phases;
      return t.ms;
    });
    await rePeer.add(async () => (await kubectlApply(ctx.kubectl, repo.dir, kubectlNamespace)).ms);
  }
  return {
    sync: {
      n,
      ours: ours.result(),
      peer: peer.result(),
      floor: floor.result(),
      ...note(describePhases('last run', phases)),
    },
    resync: {
      n,
      ours: reOurs.result(),
      peer: rePeer.result(),
      ...note(describePhases('last run', rePhases)),
    },
    ours: kept,
    oursNamespace,
    kubectlNamespace,
  };
}

const note = (text: string | undefined) => (text ? { note: text } : {});
const fmt = (v: number | undefined) => (v === undefined ? 'failed' : `${Math.round(v)} ms`);
