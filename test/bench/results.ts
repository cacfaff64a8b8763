/** The shape of test/bench/results/latest.json; docs/BENCHMARKS.md is rendered from it alone. */

export const scenarioIdList = [
  'load',
  'diff',
  'sync',
  // Sync until every Deployment runs; its app has pods, unlike the other scenarios' apps.
  'healthy',
  'resync',
  'incremental',
  'drift',
  'git-status',
  'git-commit',
  'memory',
  // Browser mode in Chromium; its N is the number of apps.
  'first-paint',
] as const;

export type ScenarioId = (typeof scenarioIdList)[number];

export interface Measurement {
  /** Median of `runs`; null when the step could not run (see `error`). */
  median: number | null;
  runs: number[];
  error?: string;
}

export interface Row {
  n: number;
  ours: Measurement;
  peer?: Measurement;
  floor?: Measurement;
  note?: string;
}

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  /** What "ours" does, and what the peer does, in a sentence each. */
  ours: string;
  peer?: string;
  unit: 'ms' | 'MB';
  rows: Row[];
}

export interface TargetResult {
  text: string;
  /** What was compared with the limit, e.g. "0.42 × kubectl diff" or "180 ms". */
  measured: string | null;
  met: boolean | null;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  kube: string;
  kubectl: string;
  git: string;
}

export interface BenchResults {
  startedAt: string;
  /** The commit the core was measured at; "+local changes" when src-main or src-shared differed from it. */
  revision: string;
  finishedAt: string;
  machine: Machine;
  options: { sizes: number[]; runs: number; runsAtLargest: number; historyCommits: Record<string, number> };
  scenarios: ScenarioResult[];
  targets: TargetResult[];
  notes: string[];
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function measured(runs: number[], error?: string): Measurement {
  return { median: median(runs), runs, ...(error ? { error } : {}) };
}
