import type { KubeContexts } from '../../../src-shared/model';
import { ApiFailure } from '../../../src-shared/errors';
import { KubeConfig } from './kube-config';

/**
 * Loads kubeconfig the way kubectl does: every file in KUBECONFIG merged (first wins), else
 * ~/.kube/config (then client-node's fallbacks: WSL, the pod's service account, localhost:8080).
 * `env` decides, not process.env. A fresh KubeConfig per call so that edits to the files are
 * picked up.
 */
export function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromDefault(env);
  } catch (err) {
    throw new ApiFailure('settings', `Cannot read kubeconfig: ${(err as Error).message}`);
  }
  return kc;
}

export function listContexts(kc: KubeConfig): KubeContexts {
  const contexts = kc.getContexts().map((c) => {
    const cluster = kc.getCluster(c.cluster);
    return {
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      ...(c.namespace ? { namespace: c.namespace } : {}),
      ...(cluster?.server ? { server: cluster.server } : {}),
    };
  });
  const current = kc.getCurrentContext();
  return { contexts, current: current && contexts.some((c) => c.name === current) ? current : null };
}

/**
 * A KubeConfig whose current context is `name`, so its auth and TLS helpers (which only look at the
 * current context, as client-node's do) serve that context. Exec credential plugins get `execPath` as PATH:
 * an app started from a desktop launcher does not inherit the login shell's PATH, and plugins such
 * as aws or kubelogin would not be found.
 */
export function configForContext(env: NodeJS.ProcessEnv, name: string, execPath?: string): KubeConfig {
  const kc = loadKubeConfig(env);
  if (!kc.getContextObject(name)) {
    throw new ApiFailure(
      'not-found',
      `Context "${name}" is not in the kubeconfig. Pick one of: ${
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || '(none)'
      }.`,
    );
  }
  kc.setCurrentContext(name);
  if (execPath) {
    for (const user of kc.users) {
      const exec = user.exec as { env?: { name: string; value: string }[] | null } | undefined;
      if (!exec) continue;
      const vars = exec.env ?? [];
      if (!vars.some((v) => v.name === 'PATH')) exec.env = [...vars, { name: 'PATH', value: execPath }];
    }
  }
  return kc;
}
