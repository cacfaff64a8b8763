import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ensureCluster, type BenchCluster } from './cluster-control';
import { generateRepo } from './generate-repo';
import { KubeConnection } from './kube-connection';
import { describeMachine } from './machine';
import { crdGroup } from './manifest-kinds';
import { git } from './run-command';
import { floorApply } from './peers/floor-apply';
import type { Kubectl } from './peers/kubectl';
import { renderMarkdown } from './report/render-markdown';
import type { BenchResults, Row, ScenarioId } from './results';
import type { BenchContext } from './scenarios/bench-context';
import { awaitQuietCluster } from './scenarios/cluster-quiet';
import { diffScenario } from './scenarios/diff-scenario';
import { gitScenario } from './scenarios/git-scenario';
import { healthyMaxSize, healthyScenario } from './scenarios/healthy-scenario';
import { loadScenario } from './scenarios/load-scenario';
import { memoryScenario } from './scenarios/memory-scenario';
import { emptyScenarios } from './scenarios/scenario-info';
import { firstPaintScenario } from './scenarios/first-paint-scenario';
import { syncScenario } from './scenarios/sync-scenario';
import { driftScenario, incrementalScenario } from './scenarios/watch-scenarios';
import { evaluateTargets } from './targets';

export interface RunOptions {
  sizes: number[];
  runs: number;
  /** Runs at sizes of 5,000 and more, where one run takes minutes on a small machine. */
  runsAtLargest: number;
  resultsPath: string;
  /** Not written when absent (a partial run). */
  reportPath?: string;
  /** Only these scenarios (and the sync the cluster scenarios start from); all when absent. */
  only?: Set<ScenarioId>;
  /** An already running control plane (the test suite's); otherwise the launcher provides one. */
  cluster?: { kubeconfig: string; kubectl: string };
  /** Use the shared `.cache/cluster` rather than the benchmark's own control plane. */
  sharedCluster?: boolean;
  log?: (message: string) => void;
}

/** Commits in the history of the apps the cluster scenarios use (the git scenario has N). */
const appHistory = 100;
/** Apps registered for the browser-mode first paint scenario. */
const firstPaintApps = 10;
/** The core's sync concurrency (src-main/core/sync/sync-runner.ts), copied by the floor client. */
const coreConcurrency = 8;

async function installCrd(conn: KubeConnection, ctx: BenchContext): Promise<void> {
  const repo = await generateRepo({ dir: join(ctx.workDir, 'crd'), resources: 1, commits: 1 });
  await floorApply(conn, repo.resources, '', 1);
  // Custom resources can be applied only once the API server serves the new group.
  for (let i = 0; i < 120; i++) {
    if ((await conn.request('GET', `/apis/${crdGroup}/v1`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Widget CRD was not served within 30 s`);
}

/** Runs of the quick scenarios (load, save to status, drift, git) at every size. */
const minQuickRuns = 3;

/** Scenarios that start from the app the sync scenario applied. */
const fromSynced: ScenarioId[] = ['sync', 'resync', 'diff', 'load', 'incremental', 'drift', 'memory'];

async function measureSize(
  ctx: BenchContext,
  n: number,
  runs: number,
  wanted: (id: ScenarioId) => boolean,
  add: (id: ScenarioId, row: Row) => void,
): Promise<void> {
  // Scenarios of a few seconds or less are run more than once at the largest sizes too: one run
  // there moved by half from one run to the next.
  const quickRuns = Math.max(runs, minQuickRuns);
  const repo = await generateRepo({
    dir: join(ctx.workDir, `app-${n}`),
    resources: n,
    commits: Math.min(appHistory, n),
  });
  ctx.log(`N=${n}: app of ${repo.resources.length} resources in ${repo.files.length} files`);
  if (fromSynced.some(wanted)) {
    const synced = await syncScenario(ctx, repo, n, runs);
    if (wanted('sync')) add('sync', synced.sync);
    if (wanted('resync')) add('resync', synced.resync);
    try {
      if (wanted('diff')) {
        ctx.log(`N=${n}: diff`);
        add('diff', await diffScenario({ ...ctx, runs }, repo, n, synced.ours, synced.kubectlNamespace));
      }
      if (wanted('load')) {
        ctx.log(`N=${n}: load`);
        await awaitQuietCluster(ctx);
        add('load', await loadScenario({ ...ctx, runs: quickRuns }, repo, n, synced.oursNamespace));
      }
      if (wanted('incremental')) {
        ctx.log(`N=${n}: incremental`);
        await awaitQuietCluster(ctx);
        add(
          'incremental',
          await incrementalScenario({ ...ctx, runs: quickRuns }, repo, n, synced.ours, synced.oursNamespace),
        );
      }
      if (wanted('drift')) {
        ctx.log(`N=${n}: drift`);
        add(
          'drift',
          await driftScenario({ ...ctx, runs: quickRuns }, repo, n, synced.ours, synced.oursNamespace),
        );
      }
    } finally {
      await synced.ours?.close();
    }
    if (wanted('memory')) {
      ctx.log(`N=${n}: memory`);
      add('memory', await memoryScenario(ctx, repo.dir, n, synced.oursNamespace));
    }
  }
  if (n <= healthyMaxSize && wanted('healthy')) {
    ctx.log(`N=${n}: sync until healthy`);
    add('healthy', await healthyScenario(ctx, n, runs));
  }
  if (wanted('git-status') || wanted('git-commit')) {
    ctx.log(`N=${n}: git`);
    const git = await gitScenario({ ...ctx, runs: quickRuns }, n);
    if (wanted('git-status')) add('git-status', git.status);
    if (wanted('git-commit')) add('git-commit', git.commit);
  }
}

async function sourceRevision(): Promise<string> {
  const root = join(import.meta.dirname, '../..');
  try {
    const head = (await git(root, 'rev-parse', '--short', 'HEAD')).stdout.trim();
    const dirty = (await git(root, 'status', '--porcelain', '--', 'src-main', 'src-shared')).stdout.trim();
    return dirty ? `${head} +local changes` : head;
  } catch {
    return 'unknown';
  }
}

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/**
 * The whole benchmark: every scenario at every size, ours and peers in the same run on the same
 * control plane. Results are written after each size, so an interrupted run keeps what it measured.
 */
export async function runBenchmarks(options: RunOptions): Promise<BenchResults> {
  const log = options.log ?? ((m: string) => process.stderr.write(`bench: ${m}\n`));
  const startedAt = new Date().toISOString();
  let cluster: BenchCluster | undefined;
  const target = options.cluster
    ? { ...options.cluster, context: 'gitops-desktop-test' }
    : (cluster = await ensureCluster({ shared: options.sharedCluster ?? false }));
  const kubectl: Kubectl = { binary: target.kubectl, kubeconfig: target.kubeconfig, context: target.context };
  const conn = await KubeConnection.fromKubeconfig(target.kubeconfig, target.context, coreConcurrency);
  const workDir = await mkdtemp(join(tmpdir(), 'gitops-bench-'));
  // A suffix per run: namespaces of an earlier run may still be terminating.
  const token = Date.now().toString(36).slice(-4);
  const ctx: BenchContext = {
    cluster: { kubeconfig: target.kubeconfig, context: target.context },
    kubectl,
    conn,
    workDir,
    runs: options.runs,
    concurrency: coreConcurrency,
    log,
    namespaces: new Set(),
    nsSuffix: token,
  };
  const scenarios = emptyScenarios();
  const wanted = (id: ScenarioId) => !options.only || options.only.has(id);
  const notes: string[] = [];
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const results = (): BenchResults => {
    const list = [...scenarios.values()];
    return {
      startedAt,
      revision,
      finishedAt: new Date().toISOString(),
      machine,
      options: {
        sizes,
        runs: options.runs,
        runsAtLargest: sizes.some((s) => s >= 5000) ? options.runsAtLargest : options.runs,
        historyCommits: Object.fromEntries(sizes.map((n) => [String(n), Math.min(appHistory, n)])),
      },
      scenarios: list,
      targets: evaluateTargets(list),
      notes,
    };
  };
  const machine = await describeMachine(kubectl);
  const revision = await sourceRevision();
  const analysis = await readFile(join(import.meta.dirname, 'report/analysis.md'), 'utf8').catch(() => '');
  const save = async () => {
    const r = results();
    await write(options.resultsPath, `${JSON.stringify(r, null, 2)}\n`);
    if (options.reportPath) await write(options.reportPath, renderMarkdown(r, analysis));
    return r;
  };
  try {
    await installCrd(conn, ctx);
    for (const n of sizes) {
      const runs = n >= 5000 ? options.runsAtLargest : options.runs;
      if (runs !== options.runs)
        notes.push(
          `N=${n.toLocaleString('en-US')} ran ${runs} time(s) per scenario (load, save to status, drift and git ${Math.max(runs, minQuickRuns)}), to keep the run within the time a 2-core machine allows.`,
        );
      await measureSize(ctx, n, runs, wanted, (id, row) => scenarios.get(id)!.rows.push(row));
      await save();
    }
    if (wanted('first-paint')) {
      // Independent of the resource count: one row, the app list of a developer's 10 apps.
      ctx.log(`browser mode: URL to an interactive list of ${firstPaintApps} apps`);
      scenarios.get('first-paint')!.rows.push(await firstPaintScenario(ctx, firstPaintApps));
    }
    return await save();
  } finally {
    await Promise.all([...ctx.namespaces].map((ns) => conn.deleteNamespace(ns).catch(() => undefined)));
    conn.close();
    await rm(workDir, { recursive: true, force: true });
    await cluster?.stop();
  }
}
