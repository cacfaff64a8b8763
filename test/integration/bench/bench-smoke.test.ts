import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runBenchmarks } from '../../bench/runner';
import type { BenchResults } from '../../bench/results';

// The benchmark at its smallest (N=10, one run) on the suite's control plane, so it cannot rot
// between full runs. Timings are not asserted: a loaded CI machine would make them flaky, and
// `npm run bench` is where they are judged.
describe('benchmark smoke run', () => {
  let outDir: string;

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('produces a number for every scenario and renders the report', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'gitops-bench-smoke-'));
    const results: BenchResults = await runBenchmarks({
      sizes: [10],
      runs: 1,
      runsAtLargest: 1,
      resultsPath: join(outDir, 'latest.json'),
      reportPath: join(outDir, 'BENCHMARKS.md'),
      cluster: { kubeconfig: inject('kubeconfig'), kubectl: inject('kubectl') },
      log: () => undefined,
    });

    const missing = results.scenarios.flatMap((s) =>
      s.rows.flatMap((r) =>
        [['ours', r.ours] as const, ['peer', r.peer] as const, ['floor', r.floor] as const]
          .filter(([, m]) => m && m.median === null)
          .map(([who, m]) => `${s.id} ${who}: ${m?.error ?? 'no value'}`),
      ),
    );
    expect(missing).toEqual([]);
    for (const s of results.scenarios)
      expect(
        s.rows.map((r) => r.n),
        s.id,
      ).toEqual([10]);
    expect(results.targets.length).toBeGreaterThan(0);
    // Sync until healthy waits for real pods; both sides must have got there.
    const healthy = results.scenarios.find((s) => s.id === 'healthy')?.rows[0];
    expect(healthy?.ours.median).toBeGreaterThan(0);
    expect(healthy?.peer?.median).toBeGreaterThan(0);

    const written = JSON.parse(await readFile(join(outDir, 'latest.json'), 'utf8')) as BenchResults;
    expect(written.scenarios.length).toBe(results.scenarios.length);
    const markdown = await readFile(join(outDir, 'BENCHMARKS.md'), 'utf8');
    for (const s of results.scenarios) expect(markdown).toContain(`## ${s.title}`);
    expect(markdown).toContain('## Targets');
    expect(markdown).toContain(results.machine.cpu);
  });
});
