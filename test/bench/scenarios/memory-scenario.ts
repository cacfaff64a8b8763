import { mkdir, mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { Row } from '../results';
import { runCommand } from '../run-command';
import type { BenchContext } from './bench-context';

const root = resolve(import.meta.dirname, '../../..');

/**
 * Bundles the probe once into node_modules/.cache, so the child runs on plain Node with no
 * TypeScript loader in its memory; packages stay external and resolve from the project.
 */
async function bundleProbe(): Promise<string> {
  const outDir = join(root, 'node_modules/.cache/gitops-desktop-bench');
  await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      ssr: join(root, 'test/bench/ours/memory-probe.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rollupOptions: { output: { entryFileNames: 'memory-probe.mjs', format: 'es' } },
    },
  });
  return join(outDir, 'memory-probe.mjs');
}

let probe: Promise<string> | undefined;

/** Peak RSS of a core process that opens, compares and re-syncs the app of `n` resources. */
export async function memoryScenario(
  ctx: BenchContext,
  repoPath: string,
  n: number,
  namespace: string,
): Promise<Row> {
  try {
    probe ??= bundleProbe();
    const script = await probe;
    await mkdir(ctx.workDir, { recursive: true });
    const input = {
      kubeconfig: ctx.cluster.kubeconfig,
      context: ctx.cluster.context,
      repoPath,
      namespace,
      userDataDir: await mkdtemp(join(ctx.workDir, 'probe-')),
      resourcesDir: join(root, 'resources'),
    };
    const { stdout } = await runCommand(process.execPath, [script, JSON.stringify(input)], {
      timeoutMs: 600_000 + n * 200,
    });
    const out = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
      peakMB: number;
      baselineMB: number;
      resources: number;
      sync: string;
    };
    return {
      n,
      ours: { median: out.peakMB, runs: [out.peakMB] },
      note: `memory: Node alone ${Math.round(out.baselineMB)} MB before the core started; ${out.resources} resources compared, re-sync ${out.sync}`,
    };
  } catch (err) {
    return {
      n,
      ours: { median: null, runs: [], error: err instanceof Error ? err.message.slice(0, 400) : String(err) },
    };
  }
}
