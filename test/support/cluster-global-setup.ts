import { spawn } from 'node:child_process';
import { dirname, isAbsolute, resolve } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

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
    /** Folder holding the built helm and kustomize, put first on the PATH given to the app. */
    toolsBin: string;
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

/**
 * Runs the launcher with its stderr on ours: a cold build of the control plane takes minutes, and
 * its progress lines (what is being built, elapsed time) must reach the person waiting.
 */
function launcher(...args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(resolve(clusterDir, 'cluster.sh'), args, {
      cwd: clusterDir,
      env: { ...process.env, GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (code === 0) done(stdout);
      else
        fail(
          new Error(
            `test/cluster/cluster.sh ${args.join(' ')} failed (${signal ?? `exit ${code}`}); its output is above`,
          ),
        );
    });
  });
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
  // helm and kustomize are built beside kubectl (test/cluster/tools).
  project.provide(
    'toolsBin',
    process.env.GITOPS_TEST_TOOLS_BIN ?? (isAbsolute(info.kubectl) ? dirname(info.kubectl) : ''),
  );
  project.provide('flux', info.flux === true);
}

export async function teardown(): Promise<void> {
  shared.users--;
  if (shared.users > 0 || !shared.info) return;
  const info = await shared.info;
  // Leave a cluster that was already running (a developer's `npm run cluster:up`) as it was.
  if (info.started && !process.env.GITOPS_TEST_KEEP_CLUSTER) await launcher('down');
}
