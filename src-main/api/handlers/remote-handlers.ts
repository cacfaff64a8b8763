import type { AppRegistry } from '../../core/apps/app-registry';
import type { RemoteFollower } from '../../core/apps/remote-follower';
import type { RepoService } from '../../core/repo/repo-service';
import type { HandlersFor } from '../types';

export interface RemoteDeps {
  registry: AppRegistry;
  repos: RepoService;
  follower: RemoteFollower;
}

export function remoteHandlers({ registry, repos, follower }: RemoteDeps): HandlersFor<'remote'> {
  return {
    'remote.tracking': async ({ appId, fetch }) => {
      const app = registry.get(appId);
      if (fetch) return follower.round(app);
      return follower.last(appId) ?? repos.tracking(app);
    },
  };
}
