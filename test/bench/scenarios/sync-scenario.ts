import { sample, type GeneratedRepo } from '../generate-repo';
import { openApp, syncAndWait, syncFailure, type OursApp } from '../ours/ours-core';
import { floorApply } from '../peers/floor-apply';
import { kubectlApply } from '../peers/kubectl';
import type { Row } from '../results';
import { namespace, Series, timed, type BenchContext } from './bench-context';

export interface SyncOutcome {
  sync: Row;
  resync: Row;
  /** The app of the last sync run, left open and synced, for the scenarios that follow. */
  ours: OursApp | undefined;
  oursNamespace: string;
  kubectlNamespace: string;
}

const syncTimeoutMs = (n: number) => 120_000 + n * 200;

async function oursSync(ctx: BenchContext, repo: GeneratedRepo, n: number, ns: string, run: number, keep: (o: OursApp) => void): Promise<number> {
  const o = await openApp(ctx.cluster, `bench-${n}-${run}`, repo.dir, ns);
  keep(o);
  const started = performance.now();
  const result = await syncAndWait(o, true, syncTimeoutMs(n));
  const ms = performance.now() - started;
  const failure = syncFailure(result);
  if (failure) throw new Error(failure);
  return ms;
}

/**
 * Sync of all N into empty namespaces (ours, `kubectl apply --server-side`, the floor client; the
 * order rotates between runs so background work of the control plane is shared fairly), then
 * re-syncs after 1% of the resources changed in git.
 */
export async function syncScenario(ctx: BenchContext, repo: GeneratedRepo, n: number, runs: number): Promise<SyncOutcome> {
  const ours = new Series();
  const peer = new Series();
  const floor = new Series();
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
      () => ours.add(() => oursSync(ctx, repo, n, nsOurs, run, (o) => (kept = o))),
      () => peer.add(async () => (await kubectlApply(ctx.kubectl, repo.dir, nsKubectl)).ms),
      () => floor.add(async () => (await floorApply(ctx.conn, repo.resources, nsFloor, ctx.concurrency)).ms),
    ];
    for (const step of run % 2 ? [...steps].reverse() : steps) await step();
    ctx.log(`sync N=${n} run ${run + 1}: ours ${fmt(ours.values[run])}, kubectl ${fmt(peer.values[run])}, floor ${fmt(floor.values[run])}`);
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
      let failure: string | undefined;
      const ms = await timed(async () => (failure = syncFailure(await syncAndWait(app, false, syncTimeoutMs(n)))));
      if (failure) throw new Error(failure);
      return ms;
    });
    await rePeer.add(async () => (await kubectlApply(ctx.kubectl, repo.dir, kubectlNamespace)).ms);
  }
  return {
    sync: { n, ours: ours.result(), peer: peer.result(), floor: floor.result() },
    resync: { n, ours: reOurs.result(), peer: rePeer.result() },
    ours: kept,
    oursNamespace,
    kubectlNamespace,
  };
}

const fmt = (v: number | undefined) => (v === undefined ? 'failed' : `${Math.round(v)} ms`);
