import { ApiFailure } from '../../../src-shared/errors';
import { listContexts, loadKubeConfig } from '../../core/cluster/kubeconfig';
import type { HandlersFor } from '../types';

export interface KubeDeps {
  env: NodeJS.ProcessEnv;
}

export function kubeHandlers(deps: KubeDeps): HandlersFor<'kube'> {
  const pending = (what: string) => async (): Promise<never> => {
    throw new ApiFailure('unsupported', `${what} is not available in this build.`);
  };
  return {
    'kube.contexts': async () => listContexts(loadKubeConfig(deps.env)),
    'kube.namespaces': pending('Listing namespaces'),
    'kube.check': pending('Connection check'),
    'kube.schemas': pending('Cluster schemas'),
  };
}
