/**
 * `npm run bench`: every scenario at every size, then test/bench/results/latest.json and
 * docs/BENCHMARKS.md.
 *
 *   --sizes 10,100,1000,5000   sizes to measure (default: all four)
 *   --runs 3                   runs per scenario below 5,000 (the median is reported)
 *   --runs-at-largest 1        runs at 5,000 and above
 *   --quick                    sizes 10,100 and one run: a check that everything works
 *   --shared-cluster           use the test suite's control plane instead of the benchmark's own
 *   --render-only              re-render docs/BENCHMARKS.md from latest.json (after editing the analysis)
 *   --only load,incremental    only these scenarios (ids of results.ts); results go to
 *                              test/bench/results/partial.json and the report is left alone
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderMarkdown } from './report/render-markdown';
import { scenarioIdList, type BenchResults, type ScenarioId } from './results';
import { runBenchmarks } from './runner';
import { evaluateTargets } from './targets';

const root = resolve(import.meta.dirname, '../..');
const resultsPath = resolve(root, 'test/bench/results/latest.json');
const reportPath = resolve(root, 'docs/BENCHMARKS.md');
const partialPath = resolve(root, 'test/bench/results/partial.json');

async function renderOnly(): Promise<void> {
  const results = JSON.parse(await readFile(resultsPath, 'utf8')) as BenchResults;
  results.targets = evaluateTargets(results.scenarios);
  await writeFile(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  const analysis = await readFile(resolve(import.meta.dirname, 'report/analysis.md'), 'utf8').catch(() => '');
  await writeFile(reportPath, renderMarkdown(results, analysis));
}

function numbers(text: string, flag: string): number[] {
  const list = text.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (list.some((n) => !Number.isInteger(n) || n < 2 || n > 20_000))
    throw new Error(`${flag}: expected sizes between 2 and 20000, got "${text}"`);
  return list;
}

function scenarioIds(text: string): Set<ScenarioId> {
  const known = new Set<string>(scenarioIdList);
  const list = text.split(',').map((s) => s.trim());
  const unknown = list.filter((id) => !known.has(id));
  if (unknown.length)
    throw new Error(`--only: unknown ${unknown.join(', ')}; one of ${scenarioIdList.join(', ')}`);
  return new Set(list as ScenarioId[]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      runs: { type: 'string' },
      'runs-at-largest': { type: 'string' },
      quick: { type: 'boolean', default: false },
      'shared-cluster': { type: 'boolean', default: false },
      'render-only': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  if (values['render-only']) return renderOnly();
  const quick = values.quick ?? false;
  const runs = Number(values.runs ?? (quick ? 1 : 3));
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) throw new Error(`--runs: expected 1-20`);
  const only = values.only ? scenarioIds(values.only) : undefined;
  const results = await runBenchmarks({
    sizes: values.sizes ? numbers(values.sizes, '--sizes') : quick ? [10, 100] : [10, 100, 1000, 5000],
    runs,
    runsAtLargest: Number(values['runs-at-largest'] ?? 1),
    // A partial run must not replace the published figures.
    resultsPath: only ? partialPath : resultsPath,
    reportPath: only ? undefined : reportPath,
    only,
    sharedCluster: values['shared-cluster'] ?? false,
  });
  for (const t of results.targets)
    process.stdout.write(
      `${t.met === null ? 'not measured' : t.met ? 'met   ' : 'MISSED'}  ${t.text}  ${t.measured ?? ''}\n`,
    );
  process.stdout.write(
    only
      ? `results: test/bench/results/partial.json (report unchanged)\n`
      : `results: test/bench/results/latest.json, report: docs/BENCHMARKS.md\n`,
  );
}

/** Handles that keep the process alive, named, for the one case it does not end on its own. */
function openHandles(): string {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  return handles
    .filter((h) => h !== process.stdout && h !== process.stderr && h !== process.stdin)
    .map((h) => {
      const s = h as { remoteAddress?: string; remotePort?: number };
      return s.remoteAddress
        ? `${h.constructor.name} to ${s.remoteAddress}:${s.remotePort}`
        : h.constructor.name;
    })
    .join(', ');
}

// Every core, connection and browser is closed by then, so the process ends on its own. Should a
// change leave something open, the run still ends, and says what was left.
main().then(
  () => {
    setTimeout(() => {
      process.stderr.write(`bench: still running 30 s after the end; open: ${openHandles() || 'none'}\n`);
      process.exit(0);
    }, 30_000).unref();
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
