import type { Row, ScenarioId, ScenarioResult, TargetResult } from './results';

interface Target {
  text: string;
  scenario: ScenarioId;
  /** The size the target is about; 'largest' = the largest size measured. */
  at: number | 'largest';
  against: 'peer' | 'floor' | 'absolute';
  limit: number;
}

export const targets: readonly Target[] = [
  {
    text: 'Diff at 1,000 resources ≤ 0.5 × kubectl diff',
    scenario: 'diff',
    at: 1000,
    against: 'peer',
    limit: 0.5,
  },
  {
    text: 'Sync at 1,000 resources ≤ 0.5 × kubectl apply',
    scenario: 'sync',
    at: 1000,
    against: 'peer',
    limit: 0.5,
  },
  {
    text: 'Sync at 1,000 resources ≤ 1.5 × the floor',
    scenario: 'sync',
    at: 1000,
    against: 'floor',
    limit: 1.5,
  },
  {
    text: 'Status after a save ≤ 200 ms at 1,000 resources',
    scenario: 'incremental',
    at: 1000,
    against: 'absolute',
    limit: 200,
  },
  {
    text: 'Drift reported ≤ 1 s (1,000 resources)',
    scenario: 'drift',
    at: 1000,
    against: 'absolute',
    limit: 1000,
  },
  { text: 'Load at 1,000 resources ≤ 2 s', scenario: 'load', at: 1000, against: 'absolute', limit: 2000 },
  {
    text: 'git status ≤ 2 × the git CLI (largest repository)',
    scenario: 'git-status',
    at: 'largest',
    against: 'peer',
    limit: 2,
  },
  {
    text: 'git commit ≤ 2 × the git CLI (largest repository)',
    scenario: 'git-commit',
    at: 'largest',
    against: 'peer',
    limit: 2,
  },
  {
    text: 'Core RSS ≤ 300 MB at 1,000 resources',
    scenario: 'memory',
    at: 1000,
    against: 'absolute',
    limit: 300,
  },
  {
    text: 'Browser mode, URL → app list interactive (10 apps) ≤ 700 ms',
    scenario: 'first-paint',
    at: 10,
    against: 'absolute',
    limit: 700,
  },
];

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
