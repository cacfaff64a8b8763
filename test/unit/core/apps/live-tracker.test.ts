import { describe, expect, it } from 'vitest';
import type { AppSettings, CompareWith } from '../../../../src-shared/model';
import { LiveTracker } from '../../../../src-main/core/apps/app-controller-live';
import type { Evaluation } from '../../../../src-main/core/apps/app-evaluator';

const app: AppSettings = {
  id: 'a1',
  name: 'a',
  repoPath: '/r',
  appPath: '',
  context: 'c',
  namespace: 'n',
  options: { prune: false, autoSync: false, selfHeal: false },
};

function evaluation(compareWith: CompareWith, settings = app): Evaluation {
  return {
    app: settings,
    compareWith,
    revision: compareWith === 'HEAD' ? 'abc' : 'worktree',
    problems: [],
    manifests: { revision: compareWith === 'HEAD' ? 'abc' : 'worktree', objects: [], problems: [] },
    connection: { context: 'c', status: 'connected' },
    compared: [],
    hooks: [],
    liveHooks: [],
    extraneous: [],
    guarded: [],
    children: [],
    scopes: new Set(),
    health: {},
  };
}

function tracker() {
  const calls: CompareWith[] = [];
  let current = app;
  const t = new LiveTracker({
    evaluate: async (_id, mode) => {
      calls.push(mode);
      return evaluation(mode, current);
    },
    state: (ev) => ({
      appId: ev.app.id,
      compareWith: ev.compareWith,
      revision: ev.revision,
      sync: 'Synced',
      health: 'Healthy',
      resources: [],
      problems: [],
      connection: ev.connection,
      comparedAt: '',
      syncing: false,
    }),
    events: { emit: () => undefined },
    timings: { debounceMs: 1, waveTimeoutMs: 1, finalWaitMs: 1, selfHealIntervalMs: 1 },
    onHeadEvaluated: () => undefined,
    isSyncing: () => false,
  });
  t.track(evaluation('HEAD'));
  t.track(evaluation('worktree'));
  return { t, calls, setApp: (a: AppSettings) => (current = a) };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('LiveTracker re-comparisons', () => {
  it('a save re-compares the working copy only and drops only its manifests', async () => {
    const { t, calls } = tracker();
    t.invalidateManifests('a1', false);
    await settle();
    expect(calls).toEqual(['worktree']);
    expect(t.cachedManifests('a1', 'HEAD')).toBeDefined();
    expect(t.cachedManifests('a1', 'worktree')).toBeUndefined();
    t.dispose();
  });

  it('HEAD moving re-compares both and drops both manifests', async () => {
    const { t, calls } = tracker();
    t.invalidateManifests('a1', true);
    await settle();
    expect(calls.sort()).toEqual(['HEAD', 'worktree']);
    expect(t.cachedManifests('a1', 'HEAD')).toBeUndefined();
    t.dispose();
  });

  it('manifests an evaluation loaded before a save are not cached when it ends after the save', () => {
    const { t } = tracker();
    const worktree = t.manifestEpoch('a1', 'worktree');
    const head = t.manifestEpoch('a1', 'HEAD');
    t.invalidateManifests('a1', false);
    t.track(evaluation('worktree'), undefined, worktree);
    t.track(evaluation('HEAD'), undefined, head);
    expect(t.cachedManifests('a1', 'worktree')).toBeUndefined();
    // HEAD did not move: what was loaded for it still holds.
    expect(t.cachedManifests('a1', 'HEAD')).toBeDefined();
    t.track(evaluation('worktree'), undefined, t.manifestEpoch('a1', 'worktree'));
    expect(t.cachedManifests('a1', 'worktree')).toBeDefined();
    t.dispose();
  });

  it('a live change re-compares every mode; changed settings too, unchanged ones not', async () => {
    const { t, calls, setApp } = tracker();
    t.emitSoon('a1');
    await settle();
    expect(calls.sort()).toEqual(['HEAD', 'worktree']);
    calls.length = 0;
    t.settingsChanged([app]);
    await settle();
    expect(calls).toEqual([]);
    const changed = {
      ...app,
      ignoreDifferences: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
    };
    setApp(changed);
    t.settingsChanged([changed]);
    await settle();
    expect(calls.sort()).toEqual(['HEAD', 'worktree']);
    t.dispose();
  });
});

describe('LiveTracker held evaluations', () => {
  it('holds an evaluation until something it depends on changes after it started', () => {
    const { t } = tracker();
    const before = t.epoch('a1');
    const ev = evaluation('HEAD');
    t.track(ev, before);
    expect(t.held('a1', 'HEAD')).toBe(ev);
    t.outdate('a1');
    expect(t.held('a1', 'HEAD')).toBeUndefined();

    // Started before a change, finished after it: not held.
    const started = t.epoch('a1');
    t.invalidateManifests('a1', false);
    t.track(evaluation('HEAD'), started);
    expect(t.held('a1', 'HEAD')).toBeUndefined();

    t.track(evaluation('HEAD'), t.epoch('a1'));
    t.connectionChanged('c');
    expect(t.held('a1', 'HEAD')).toBeUndefined();
    // Without an epoch (an evaluation from elsewhere) nothing is held.
    t.track(evaluation('HEAD'));
    expect(t.held('a1', 'HEAD')).toBeUndefined();
    t.dispose();
  });
});
