/**
 * Runs in a child process of its own, bundled by scenarios/memory-scenario.ts, so its peak RSS is
 * the core's alone: open an app, compare it, re-sync all of it, compare the working copy, then
 * print `process.resourceUsage().maxRSS`. Input comes as JSON in argv[2]; output is one JSON line.
 */
import { createDispatcher } from '../../../src-main/api/dispatcher';
import { createCore } from '../../../src-main/compose';

interface ProbeInput {
  kubeconfig: string;
  context: string;
  repoPath: string;
  namespace: string;
  userDataDir: string;
  resourcesDir: string;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ProbeInput;
  const baselineMB = process.memoryUsage().rss / 2 ** 20;
  const core = await createCore({
    info: { name: 'GitOps Desktop', version: 'bench', mode: 'browser', platform: process.platform },
    userDataDir: input.userDataDir,
    resourcesDir: input.resourcesDir,
    env: { ...process.env, KUBECONFIG: input.kubeconfig },
    tickSeconds: 0,
  });
  const dispatch = createDispatcher(core.handlers);
  const call = async <T>(name: string, params: unknown): Promise<T> => {
    const e = await dispatch(name, params);
    if (!e.ok) throw new Error(`${name}: ${e.error.code}: ${e.error.message}`);
    return e.result as T;
  };
  const app = await call<{ id: string }>('apps.add', {
    name: 'memory',
    repoPath: input.repoPath,
    context: input.context,
    namespace: input.namespace,
  });
  const state = await call<{ resources: unknown[] }>('state.get', { appId: app.id, compareWith: 'HEAD' });
  const finished = new Promise<{ id: string; phase: string }>((resolve) => {
    core.events.subscribe((name, payload) => {
      if (name === 'sync.finished') resolve(payload as { id: string; phase: string });
    });
  });
  await call('sync.start', { appId: app.id, options: { prune: false, force: true, applyAll: true } });
  const run = await finished;
  await call('state.get', { appId: app.id, compareWith: 'worktree' });
  await core.dispose();
  process.stdout.write(
    `${JSON.stringify({ peakMB: process.resourceUsage().maxRSS / 1024, baselineMB, resources: state.resources.length, sync: run.phase })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
