import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runCommand } from './run-command';

export interface BenchCluster {
  kubeconfig: string;
  kubectl: string;
  context: string;
  /** True when this run started it, and so must stop it. */
  started: boolean;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');
const moduleDir = join(root, 'test/cluster');
const sharedBin = join(root, '.cache/cluster/bin');

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Lends the shared cluster's binaries to another cluster folder, so it needs no Go build. */
async function seedBinaries(clusterDir: string): Promise<boolean> {
  if (!(await exists(sharedBin))) return false;
  const bin = join(clusterDir, 'bin');
  await mkdir(bin, { recursive: true });
  for (const name of await readdir(sharedBin)) {
    if (!(await exists(join(bin, name)))) await copyFile(join(sharedBin, name), join(bin, name));
  }
  await runCommand('chmod', ['-R', '+x', bin]);
  return true;
}

/**
 * Brings up the control plane with the project's launcher. By default the benchmark gets a
 * control plane of its own (`.cache/bench-cluster`): test runs of other work start and stop the
 * shared one, which would end a long benchmark half way. Only a cluster this call started is
 * stopped again.
 */
export async function ensureCluster(options: { shared: boolean }): Promise<BenchCluster> {
  if (process.env.GITOPS_TEST_KUBECONFIG) {
    return {
      kubeconfig: process.env.GITOPS_TEST_KUBECONFIG,
      kubectl: process.env.GITOPS_TEST_KUBECTL ?? 'kubectl',
      context: 'gitops-desktop-test',
      started: false,
      stop: async () => undefined,
    };
  }
  const env: NodeJS.ProcessEnv = { ...process.env, GOTOOLCHAIN: 'local' };
  const args = ['run', './launcher', 'up', '--json', '--timeout=4m'];
  if (!options.shared) {
    const clusterDir = join(root, '.cache/bench-cluster');
    env.GITOPS_CLUSTER_DIR = clusterDir;
    if (await seedBinaries(clusterDir)) args.push('--no-build');
  }
  const { stdout } = await runCommand('go', args, { cwd: moduleDir, env, timeoutMs: 40 * 60_000 });
  const info = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    kubeconfig: string;
    kubectl: string;
    started: boolean;
  };
  return {
    kubeconfig: info.kubeconfig,
    kubectl: info.kubectl,
    context: 'gitops-desktop-test',
    started: info.started,
    async stop() {
      if (info.started) await runCommand('go', ['run', './launcher', 'down'], { cwd: moduleDir, env });
    },
  };
}
