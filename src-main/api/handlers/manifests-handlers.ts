import { resourceId } from '../../../src-shared/resource-id';
import type { AppRegistry } from '../../core/apps/app-registry';
import type { ManifestService } from '../../core/manifests/manifest-service';
import type { HandlersFor } from '../types';

export interface ManifestsDeps {
  registry: AppRegistry;
  manifests: ManifestService;
}

export function manifestsHandlers({ registry, manifests }: ManifestsDeps): HandlersFor<'manifests'> {
  return {
    // Bodies stay in main: the renderer gets where each object is defined, not its content.
    'manifests.load': async ({ appId, revision }) => {
      const loaded = await manifests.load(registry.get(appId), revision);
      return {
        revision: loaded.revision,
        objects: loaded.objects.map((o) => ({
          id: resourceId(o.key),
          key: o.key,
          apiVersion: o.apiVersion,
          source: o.source,
        })),
        problems: loaded.problems,
      };
    },
  };
}
