import type { ClusterService } from '../../core/cluster/cluster-service';
import type { HandlersFor } from '../types';

export interface KubeDeps {
  cluster: ClusterService;
}

export function kubeHandlers(deps: KubeDeps): HandlersFor<'kube'> {
  const { cluster } = deps;
  return {
    'kube.contexts': async () => cluster.contexts(),
    'kube.namespaces': async ({ context }) => ({ namespaces: await cluster.namespaces(context) }),
    'kube.check': async ({ context }) => cluster.check(context),
    'kube.schemas': async ({ context }) => cluster.schemas(context),
  };
}
