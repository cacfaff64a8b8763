import { KubeConfig } from '@kubernetes/client-node';
import type { KubeContexts } from '../../../src-shared/model';
import { ApiFailure } from '../../../src-shared/errors';

/**
 * Loads kubeconfig the way kubectl does: every file in KUBECONFIG merged (first wins), else
 * ~/.kube/config. A fresh KubeConfig per call so that edits to the files are picked up.
 */
export function loadKubeConfig(env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (env.KUBECONFIG) {
      const files = env.KUBECONFIG.split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
      kc.loadFromFile(files[0]!);
      for (const file of files.slice(1)) {
        const more = new KubeConfig();
        more.loadFromFile(file);
        kc.mergeConfig(more, true);
      }
    } else {
      kc.loadFromDefault();
    }
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
