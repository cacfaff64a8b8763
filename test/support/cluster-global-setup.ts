import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);
const clusterDir = resolve(import.meta.dirname, '../cluster');

interface ClusterInfo {
  kubeconfig: string;
  server: string;
  kubectl: string;
  started: boolean;
  /** Flux's controllers run beside the cluster (and the Flux and Argo CD CRDs are installed). */
  flux?: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
    kubectl: string;
    flux: boolean;
  }
}

// Integration and e2e share one control plane. Both projects load this file, possibly as separate
// module instances, so the shared state lives on globalThis of the vitest main process.
interface Shared {
  info?: Promise<ClusterInfo>;
  users: number;
}
const key = Symbol.for('gitops-desktop.test-cluster');
const shared: Shared = ((globalThis as Record<symbol, Shared>)[key] ??= { users: 0 });

async function launcher(...args: string[]): Promise<string> {
  const { stdout } = await run(resolve(clusterDir, 'cluster.sh'), args, {
    cwd: clusterDir,
    env: { ...process.env, GOTOOLCHAIN: 'local' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

export async function setup(project: TestProject): Promise<void> {
  shared.users++;
  shared.info ??= (async () => {
    if (process.env.GITOPS_TEST_KUBECONFIG) {
      return {
        kubeconfig: process.env.GITOPS_TEST_KUBECONFIG,
        server: '',
        kubectl: process.env.GITOPS_TEST_KUBECTL ?? 'kubectl',
        started: false,
        flux: process.env.GITOPS_TEST_FLUX === '1',
      };
    }
    // Flux's controllers run for the pull-mode tests; GITOPS_TEST_FLUX=0 leaves them out.
    const out = await launcher(
      'up',
      '--json',
      ...(process.env.GITOPS_TEST_FLUX === '0' ? [] : ['--with-flux']),
    );
    const last = out.trim().split('\n').pop() ?? '';
    return JSON.parse(last) as ClusterInfo;
  })();
  const info = await shared.info;
  project.provide('kubeconfig', info.kubeconfig);
  project.provide('kubectl', info.kubectl);
  project.provide('flux', info.flux === true);
}

export async function teardown(): Promise<void> {
  shared.users--;
  if (shared.users > 0 || !shared.info) return;
  const info = await shared.info;
  // Leave a cluster that was already running (a developer's `npm run cluster:up`) as it was.
  if (info.started && !process.env.GITOPS_TEST_KEEP_CLUSTER) await launcher('down');
}
