import { isAbsolute } from 'node:path';
import type { AppSettings, AppSummary } from '../../../src-shared/model';
import type { AppRegistry } from '../../core/apps/app-registry';
import { createSampleApp, prepareAppPath, prepareNewApp } from '../../core/apps/app-setup';
import { initRepository } from '../../core/repo/repo-location';
import { assertRepositoryFolderAllowed, guardContext } from '../../core/repo/repo-guard';
import type { HandlersFor } from '../types';

export interface AppsDeps {
  registry: AppRegistry;
  resourcesDir: string;
  userDataDir: string;
  env: NodeJS.ProcessEnv;
  /** Adds live sync/health to an app; until the cluster side provides it, both are Unknown. */
  summarize?: (app: AppSettings) => AppSummary;
}

export function summarizeApps(deps: Pick<AppsDeps, 'summarize'>, apps: AppSettings[]): AppSummary[] {
  return apps.map((app) => deps.summarize?.(app) ?? { ...app, sync: 'Unknown', health: 'Unknown' });
}

export function appsHandlers(deps: AppsDeps): HandlersFor<'apps'> {
  const { registry } = deps;
  return {
    'apps.list': async () => {
      const apps = summarizeApps(deps, registry.list());
      return registry.problem ? { apps, problem: registry.problem } : { apps };
    },
    'apps.add': async (params) => {
      const settings = await prepareNewApp(params);
      await assertRepositoryFolderAllowed(settings.repoPath, guardContext(deps.env, deps.userDataDir));
      return registry.add(settings);
    },
    'apps.update': async ({ appId, changes }) => {
      const app = registry.get(appId);
      const { appPath, ...rest } = changes;
      return registry.update(appId, {
        ...rest,
        ...(appPath !== undefined ? { appPath: await prepareAppPath(app, appPath) } : {}),
      });
    },
    'apps.remove': async ({ appId }) => ({ removed: await registry.remove(appId) }),
    'apps.createSample': async (params) =>
      createSampleApp(
        { registry, resourcesDir: deps.resourcesDir, userDataDir: deps.userDataDir, env: deps.env },
        params,
      ),
    'apps.initRepository': async ({ path }) => {
      // A relative path is refused by initRepository itself, with its own message.
      if (isAbsolute(path))
        await assertRepositoryFolderAllowed(path, guardContext(deps.env, deps.userDataDir));
      return { repoPath: await initRepository(path) };
    },
  };
}
