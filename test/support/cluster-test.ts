import { delimiter } from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { startTestCore, type TestCore } from './core-client';
import { createSandbox, type Sandbox } from './git-fixtures';
import { kubectlFor, uniqueSuffix, type Kubectl } from './kube-fixtures';

export interface ClusterTest {
  /** A namespace of this test file's own, deleted after it. */
  ns: string;
  h: TestCore;
  sandbox: Sandbox;
  kubectl: Kubectl;
}

/**
 * One test file's setup on the real control plane: a git sandbox (own HOME), kubectl, and the core
 * pointed at the test cluster. The fields are filled before the first test runs.
 */
export function useClusterTest(prefix: string): ClusterTest {
  const t = { ns: `${prefix}-${uniqueSuffix()}` } as ClusterTest;
  beforeAll(async () => {
    t.sandbox = await createSandbox();
    t.kubectl = kubectlFor(inject('kubectl'), inject('kubeconfig'));
    t.h = await startTestCore({
      env: withClusterTools({ ...t.sandbox.env, KUBECONFIG: inject('kubeconfig') }),
    });
  });
  afterAll(async () => {
    await t.h?.close();
    await t
      .kubectl?.('delete', 'namespace', t.ns, '--ignore-not-found', '--wait=false')
      .catch(() => undefined);
    await t.sandbox?.cleanup();
  });
  return t;
}

/** `env` with the test cluster's helm and kustomize first on its PATH, as the app would find them. */
export function withClusterTools(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const bin = inject('toolsBin');
  return bin ? { ...env, PATH: [bin, env.PATH ?? ''].filter(Boolean).join(delimiter) } : env;
}
