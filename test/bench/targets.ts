import type { Row, ScenarioId, ScenarioResult, TargetResult } from './results';

interface Target {
  text: string;
  scenario: ScenarioId;
  /** The size the target is about; 'largest' = the largest size measured. */
  at: number | 'largest';
  against: 'peer' | 'floor' | 'absolute';
  limit: number;
}

/** The targets of the speed work: ratios are against the peer or floor measured in the same run. */
export const targets: readonly Target[] = [
  t('Diff at 1,000 resources ≤ 0.5 × kubectl diff', 'diff', 1000, 'peer', 0.5),
  t('Diff at 5,000 resources ≤ 0.5 × kubectl diff', 'diff', 5000, 'peer', 0.5),
  t('Sync at 1,000 resources ≤ 0.5 × kubectl apply', 'sync', 1000, 'peer', 0.5),
  t('Sync at 1,000 resources ≤ 1.3 × the floor', 'sync', 1000, 'floor', 1.3),
  t('Sync at 5,000 resources ≤ 0.5 × kubectl apply', 'sync', 5000, 'peer', 0.5),
  t('Sync until healthy at 1,000 ≤ 1 × kubectl apply + rollout status', 'healthy', 1000, 'peer', 1),
  t('Re-sync after 1% changed ≤ 0.2 × kubectl at 1,000', 'resync', 1000, 'peer', 0.2),
  t('Re-sync after 1% changed ≤ 0.3 × kubectl at 5,000', 'resync', 5000, 'peer', 0.3),
  t('Status after a save ≤ 100 ms at 1,000 resources', 'incremental', 1000, 'absolute', 100),
  t('Status after a save ≤ 300 ms at 5,000 resources', 'incremental', 5000, 'absolute', 300),
  t('Drift reported ≤ 1 s (1,000 resources)', 'drift', 1000, 'absolute', 1000),
  t('Load ≤ 1 s at 1,000 resources', 'load', 1000, 'absolute', 1000),
  t('Load ≤ 5 s at 5,000 resources', 'load', 5000, 'absolute', 5000),
  t('git status ≤ 2 × the git CLI (largest repository)', 'git-status', 'largest', 'peer', 2),
  t('git commit ≤ 2 × the git CLI (largest repository)', 'git-commit', 'largest', 'peer', 2),
  t('Core RSS ≤ 300 MB at 5,000 resources', 'memory', 5000, 'absolute', 300),
  t('Browser mode, URL → app list interactive (10 apps) ≤ 700 ms', 'first-paint', 10, 'absolute', 700),
];

function t(
  text: string,
  scenario: ScenarioId,
  at: Target['at'],
  against: Target['against'],
  limit: number,
): Target {
  return { text, scenario, at, against, limit };
}

function rowFor(s: ScenarioResult | undefined, at: number | 'largest'): Row | undefined {
  if (!s) return undefined;
  const rows = s.rows.filter((r) => r.ours.median !== null);
  if (at === 'largest') return rows.sort((a, b) => b.n - a.n)[0];
  return rows.find((r) => r.n === at);
}

const formatN = (n: number) => n.toLocaleString('en-US');

/** Met / missed for every target; null when this run did not measure what the target is about. */
export function evaluateTargets(scenarios: readonly ScenarioResult[]): TargetResult[] {
  return targets.map((t) => {
    const scenario = scenarios.find((s) => s.id === t.scenario);
    const row = rowFor(scenario, t.at);
    const ours = row?.ours.median ?? null;
    if (!row || ours === null) return { text: t.text, measured: null, met: null };
    const unit = scenario?.unit ?? 'ms';
    if (t.against === 'absolute') {
      return {
        text: t.text,
        measured: `${Math.round(ours)} ${unit} at N=${formatN(row.n)}`,
        met: ours <= t.limit,
      };
    }
    const base = (t.against === 'peer' ? row.peer : row.floor)?.median ?? null;
    if (base === null || base <= 0) return { text: t.text, measured: null, met: null };
    const ratio = ours / base;
    const what = t.against === 'peer' ? 'the peer' : 'the floor';
    return {
      text: t.text,
      measured: `${ratio.toFixed(3)} × ${what} at N=${formatN(row.n)}`,
      met: ratio <= t.limit,
    };
  });
}
