import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { kubectlFor, type Kubectl } from '../../support/kube-fixtures';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const clusterSh = join(root, 'test/cluster/cluster.sh');

interface StatusJson {
  running: boolean;
  server?: string;
  components: { name: string; pid: number; port?: number }[];
}

/**
 * A control plane of the test's own (GITOPS_CLUSTER_DIR under .cache), for fault injection that
 * must never touch the shared one: killing, freezing and moving kube-apiserver, compacting etcd.
 * The binaries are the checkout's (.cache/cluster/bin), so no build is needed when they exist.
 */
export interface OwnCluster {
  kubeconfig: string;
  kubectl: Kubectl;
  /** Runs the launcher against this cluster; resolves with its stdout. */
  launcher(...args: string[]): Promise<string>;
  /** The live pid of a component (checked by the launcher to be our binary). */
  pid(name: string): Promise<number>;
  port(name: string): Promise<number>;
  down(): Promise<void>;
}

export async function startOwnCluster(name: string): Promise<OwnCluster> {
  const env = { ...process.env, GOTOOLCHAIN: 'local', GITOPS_CLUSTER_DIR: join(root, '.cache', name) };
  const launcher = async (...args: string[]) => {
    const { stdout } = await run(clusterSh, args, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  };
  const lastLine = (out: string) => out.trim().split('\n').pop() ?? '';
  const up = JSON.parse(lastLine(await launcher('up', '--json', '--no-build', '--timeout=3m'))) as {
    kubeconfig: string;
    kubectl: string;
  };
  const status = async () => JSON.parse(lastLine(await launcher('status', '--json'))) as StatusJson;
  const component = async (n: string) => {
    const c = (await status()).components.find((x) => x.name === n);
    if (!c?.pid) throw new Error(`${n} is not running in the test's own cluster`);
    return c;
  };
  return {
    kubeconfig: up.kubeconfig,
    kubectl: kubectlFor(up.kubectl, up.kubeconfig),
    launcher,
    pid: async (n) => (await component(n)).pid,
    port: async (n) => (await component(n)).port ?? 0,
    async down() {
      await launcher('down').catch(() => undefined);
    },
  };
}
