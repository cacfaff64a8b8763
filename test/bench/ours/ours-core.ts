import type { AppSettings, AppState, CompareWith, SyncRun } from '../../../src-shared/model';
import { startTestCore, type TestCore } from '../../support/core-client';

export interface ClusterTarget {
  kubeconfig: string;
  context: string;
}

export interface OursApp {
  core: TestCore;
  app: AppSettings;
  close(): Promise<void>;
}

/** The real core, in this process, behind the real dispatcher, pointed at the benchmark's cluster. */
export function startCore(cluster: ClusterTarget): Promise<TestCore> {
  return startTestCore({ env: { ...process.env, KUBECONFIG: cluster.kubeconfig } });
}

export async function openApp(
  cluster: ClusterTarget,
  name: string,
  repoPath: string,
  namespace: string,
  core?: TestCore,
): Promise<OursApp> {
  const c = core ?? (await startCore(cluster));
  const app = await c.api.call('apps.add', {
    name,
    repoPath,
    appPath: '',
    context: cluster.context,
    namespace,
  });
  return { core: c, app, close: () => c.close() };
}

/** Starts a sync and resolves with its finished run. */
export async function syncAndWait(o: OursApp, applyAll: boolean, timeoutMs: number): Promise<SyncRun> {
  const runs = new Map<string, SyncRun>();
  let wake: (() => void) | undefined;
  // Listen before starting: a small sync may finish before sync.start has returned.
  const off = o.core.api.on('sync.finished', (run) => {
    if (run.appId !== o.app.id) return;
    runs.set(run.id, run);
    wake?.();
  });
  try {
    const { syncId } = await o.core.api.call('sync.start', {
      appId: o.app.id,
      options: { prune: false, force: false, applyAll },
    });
    const deadline = performance.now() + timeoutMs;
    while (!runs.has(syncId)) {
      if (performance.now() > deadline)
        throw new Error(`sync ${syncId} did not finish within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 1000);
      });
    }
    return runs.get(syncId)!;
  } finally {
    off();
  }
}

/** Resolves with the first state.changed of this app (for `compareWith`) that satisfies `predicate`. */
export function nextState(
  o: OursApp,
  compareWith: CompareWith,
  predicate: (s: AppState) => boolean,
  timeoutMs: number,
): Promise<AppState> {
  return o.core.waitForEvent(
    'state.changed',
    (s) => s.appId === o.app.id && s.compareWith === compareWith && predicate(s),
    timeoutMs,
  );
}

export function syncFailure(run: SyncRun): string | undefined {
  if (run.phase === 'Succeeded') return undefined;
  const failed = run.items.filter((i) => i.phase === 'failed').slice(0, 3);
  return `sync ${run.phase}: ${run.message ?? ''} ${failed.map((f) => `${f.id}: ${f.message ?? ''}`).join('; ')}`.trim();
}
