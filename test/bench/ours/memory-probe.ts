/**
 * Runs in a child process of its own, bundled by scenarios/memory-scenario.ts, so its peak RSS is
 * the core's alone: open an app, compare it, re-sync all of it, compare the working copy, then
 * print its peak RSS (see peakMB). Input comes as JSON in argv[2]; output is one JSON line.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
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

/**
 * This process's peak RSS in MB. On Linux `resourceUsage().maxRSS` is no good here: a forked child
 * starts with the RSS of its parent (the bench runner, often larger than the core) as its high-water
 * mark, and exec keeps it. VmHWM belongs to this process's own address space, so it is read instead.
 */
function peakMB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // Not Linux.
  }
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * For finding where memory goes, not for the report: with GITOPS_BENCH_MEMORY_STAGES=<file>, each
 * stage appends its memory figures there; with GITOPS_BENCH_HEAP_SNAPSHOTS=<folder>, it also writes
 * a heap snapshot (which itself raises the peak, so the measured figure no longer counts).
 */
function stage(name: string): void {
  const file = process.env.GITOPS_BENCH_MEMORY_STAGES;
  if (!file) return;
  const mb = (n: number) => Math.round(n / 2 ** 20);
  const m = process.memoryUsage();
  const line = {
    stage: name,
    rss: mb(m.rss),
    peak: Math.round(peakMB()),
    maxRSS: Math.round(process.resourceUsage().maxRSS / 1024),
    heapUsed: mb(m.heapUsed),
    heapTotal: mb(m.heapTotal),
    external: mb(m.external),
    arrayBuffers: mb(m.arrayBuffers),
    spaces: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_size)])),
  };
  appendFileSync(file, `${JSON.stringify(line)}\n`);
  const dir = process.env.GITOPS_BENCH_HEAP_SNAPSHOTS;
  if (dir) writeHeapSnapshot(`${dir}/${name}.heapsnapshot`);
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as ProbeInput;
  stage('node');
  const baselineMB = process.memoryUsage().rss / 2 ** 20;
  const core = await createCore({
    info: { name: 'GitOps Desktop', version: 'bench', mode: 'browser', platform: process.platform },
    userDataDir: input.userDataDir,
    resourcesDir: input.resourcesDir,
    env: { ...process.env, KUBECONFIG: input.kubeconfig },
    tickSeconds: 0,
  });
  stage('core');
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
  stage('app-added');
  const state = await call<{ resources: unknown[] }>('state.get', { appId: app.id, compareWith: 'HEAD' });
  stage('compared');
  const finished = new Promise<{ id: string; phase: string }>((resolve) => {
    core.events.subscribe((name, payload) => {
      if (name === 'sync.finished') resolve(payload as { id: string; phase: string });
    });
  });
  await call('sync.start', { appId: app.id, options: { prune: false, force: true, applyAll: true } });
  const run = await finished;
  stage('synced');
  await call('state.get', { appId: app.id, compareWith: 'worktree' });
  stage('compared-worktree');
  await core.dispose();
  process.stdout.write(
    `${JSON.stringify({ peakMB: peakMB(), baselineMB, resources: state.resources.length, sync: run.phase })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
