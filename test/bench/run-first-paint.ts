/**
 * Only the browser-mode first-paint scenario, for work on start-up time without the whole
 * benchmark: `npx vite-node test/bench/run-first-paint.ts [--apps 10] [--runs 3]`. Uses the
 * cluster GITOPS_TEST_KUBECONFIG points at, else the test suite's shared control plane. Prints the
 * figures; test/bench/results and docs/BENCHMARKS.md are left to `npm run bench`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCluster } from './cluster-control';
import { KubeConnection } from './kube-connection';
import type { BenchContext } from './scenarios/bench-context';
import { firstPaintScenario } from './scenarios/first-paint-scenario';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { apps: { type: 'string' }, runs: { type: 'string' } } });
  const apps = Number(values.apps ?? 10);
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(apps) || apps < 1 || apps > 200) throw new Error('--apps: expected 1-200');
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error('--runs: expected 1-20');
  const cluster = await ensureCluster({ shared: true });
  const conn = await KubeConnection.fromKubeconfig(cluster.kubeconfig, cluster.context, 8);
  const workDir = await mkdtemp(join(tmpdir(), 'gitops-bench-'));
  const ctx: BenchContext = {
    cluster: { kubeconfig: cluster.kubeconfig, context: cluster.context },
    kubectl: { binary: cluster.kubectl, kubeconfig: cluster.kubeconfig, context: cluster.context },
    conn,
    workDir,
    runs,
    concurrency: 8,
    log: (m) => process.stderr.write(`bench: ${m}\n`),
    namespaces: new Set(),
    nsSuffix: Date.now().toString(36).slice(-4),
  };
  try {
    const row = await firstPaintScenario(ctx, apps);
    const { median, runs: all, error } = row.ours;
    process.stdout.write(
      `browser mode, URL → app list interactive (${apps} apps): ` +
        (median === null
          ? `failed: ${error}`
          : `median ${Math.round(median)} ms, runs ${all.map(Math.round).join(', ')} ms`) +
        (row.note ? `\nnote: ${row.note}` : '') +
        '\n',
    );
    if (median === null) process.exitCode = 1;
  } finally {
    await Promise.all([...ctx.namespaces].map((ns) => conn.deleteNamespace(ns).catch(() => undefined)));
    conn.close();
    await rm(workDir, { recursive: true, force: true });
    await cluster.stop();
  }
}

main().then(
  () => process.exit(),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
