import type { ScenarioId, ScenarioResult } from '../results';

type Info = Omit<ScenarioResult, 'rows'>;

/** Titles and one-line descriptions, in the order the report shows them. */
export const scenarioInfo: readonly Info[] = [
  {
    id: 'load',
    title: 'Load: open the app and show the first full comparison',
    ours: '`apps.add` then `state.get` (desired, live, status and health of every resource) in a freshly started core.',
    unit: 'ms',
  },
  {
    id: 'diff',
    title: 'Diff: full comparison with 10% of the resources changed',
    ours: '`state.refresh` with `hard: true` (connection, discovery and dry-run caches dropped, so as cold as kubectl).',
    peer: '`kubectl diff --server-side -f <dir> -R`.',
    unit: 'ms',
  },
  {
    id: 'sync',
    title: 'Sync: apply every resource to an empty namespace',
    ours: '`sync.start` (applyAll) until `sync.finished`: plan, ordered server-side apply, health wait. Timed from `sync.start` of an app whose first state (`state.get`) was awaited, as when the user clicks Sync on an app shown on screen.',
    peer: '`kubectl apply --server-side -f <dir> -R` into another empty namespace. Floor: the same N apply requests from a client with no logic, same concurrency (8).',
    unit: 'ms',
  },
  {
    id: 'healthy',
    title: 'Sync until healthy: a new peer brought up from nothing',
    ours: '`sync.start` (applyAll) into an empty namespace until the run records `healthyAt` (`sync.healthy`): every applied object healthy, every Deployment available. The core is open and has compared the app before the clock starts.',
    peer: '`kubectl apply --server-side -f <dir> -R`, then `kubectl rollout status deployment -n <ns>`, which waits for every Deployment of the namespace in turn. Unlike the other apps, 50 Deployments ask for one replica (KWOK pods; the test cluster has 220 pod slots shared with everything else), the rest for 0; each side runs alone on the nodes. Measured up to 1,000 resources.',
    unit: 'ms',
  },
  {
    id: 'resync',
    title: 'Re-sync after 1% of the resources changed in git',
    ours: '`sync.start` (out-of-sync resources only) until `sync.finished`.',
    peer: '`kubectl apply --server-side -f <dir> -R` again (it sends every resource).',
    unit: 'ms',
  },
  {
    id: 'incremental',
    title: 'Incremental: status after a file is saved',
    ours: '`repo.writeFile` of one file until `state.changed` (working copy) shows its resources OutOfSync.',
    unit: 'ms',
  },
  {
    id: 'drift',
    title: 'Drift: an outside change reported',
    ours: 'From `kubectl patch` returning until `state.changed` reports the resource OutOfSync.',
    unit: 'ms',
  },
  {
    id: 'git-status',
    title: 'Git status of one edited file (N files, N commits)',
    ours: '`repo.status`.',
    peer: '`git status --porcelain`.',
    unit: 'ms',
  },
  {
    id: 'git-commit',
    title: 'Git commit of one file (N files, N commits)',
    ours: '`repo.commit` of one path.',
    peer: '`git add <file> && git commit -m …`.',
    unit: 'ms',
  },
  {
    id: 'memory',
    title: 'Memory: peak RSS of the core process',
    ours: "A child process running only the core: open, compare, re-sync everything, compare the working copy; its own peak RSS (VmHWM on Linux: `maxRSS` would start from the bench runner's RSS, inherited through fork).",
    unit: 'MB',
  },
  {
    id: 'first-paint',
    title: 'Browser mode: from opening the URL to an interactive app list (N = apps)',
    ours: "Chromium (playwright-core) reloads the signed-in browser-mode tab with its HTTP cache disabled; the page's own clock, from navigation start to the frame that paints all N sidebar entries. A click on an entry then checks the list responds.",
    unit: 'ms',
  },
];

export function emptyScenarios(): Map<ScenarioId, ScenarioResult> {
  return new Map(scenarioInfo.map((s) => [s.id, { ...s, rows: [] }]));
}
