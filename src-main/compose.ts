import type { AppInfo } from '../src-shared/model';
import { EventHub } from './api/event-hub';
import type { Handlers } from './api/types';
import { systemHandlers } from './api/handlers/system-handlers';
import { kubeHandlers } from './api/handlers/kube-handlers';
import { appsHandlers, summarizeApps } from './api/handlers/apps-handlers';
import { repoHandlers } from './api/handlers/repo-handlers';
import { manifestsHandlers } from './api/handlers/manifests-handlers';
import { stateHandlers } from './api/handlers/state-handlers';
import { syncHandlers } from './api/handlers/sync-handlers';
import { logsHandlers } from './api/handlers/logs-handlers';
import { rollbackHandlers } from './api/handlers/rollback-handlers';
import { AppRegistry } from './core/apps/app-registry';
import { renderCapabilities } from './core/cluster/render-capabilities';
import { ManifestService } from './core/manifests/manifest-service';
import { RepoService } from './core/repo/repo-service';
import { InMemorySecretStore, type SecretStore } from './core/repo/secret-store';
import { createClusterSide } from './core/apps/app-controller-setup';
import { RemoteFollower } from './core/apps/remote-follower';
import { EngineService } from './core/engines/engine-service';
import { enginesHandlers } from './api/handlers/engines-handlers';
import { remoteHandlers } from './api/handlers/remote-handlers';
import { limitYoungGeneration } from './core/heap-tuning';

export interface CoreOptions {
  info: AppInfo;
  /** Where settings, sample apps and the sync journal live (Electron userData or XDG config). */
  userDataDir: string;
  /** Folder holding resources/ (the sample app). */
  resourcesDir: string;
  env?: NodeJS.ProcessEnv;
  pickFolder?: () => Promise<string | null>;
  /** Seconds between `system.tick` heartbeats; 0 disables them. */
  tickSeconds?: number;
  /** Where repository tokens are kept (Electron: safeStorage); in memory when absent. */
  secretStore?: SecretStore;
}

export interface Core {
  handlers: Handlers;
  events: EventHub;
  dispose(): Promise<void>;
}

/** The one place where core services are constructed and wired together. */
export async function createCore(options: CoreOptions): Promise<Core> {
  // Before the core allocates anything large: see heap-tuning.ts for the figures.
  limitYoungGeneration();
  const events = new EventHub();
  const env = options.env ?? process.env;
  const registry = new AppRegistry(options.userDataDir);
  await registry.load();
  const repos = new RepoService({ env, secrets: options.secretStore ?? new InMemorySecretStore() });
  const manifests = new ManifestService({
    env,
    // Late-bound: the cluster side is made after the manifests it reads.
    capabilities: (context) => renderCapabilities(clusterSide.cluster, context),
  });
  // The commit each pull-mode app's engine applied last: the engine service writes it, the
  // controller compares against it.
  const appliedRevisions = new Map<string, string>();
  const clusterSide = createClusterSide({
    pinnedRevision: (app) => appliedRevisions.get(app.id),
    env,
    userDataDir: options.userDataDir,
    apps: registry,
    manifests,
    repos,
    events,
  });
  const { cluster, controller } = clusterSide;
  const offRepoChanged = repos.onRepoChanged((appId, paths, headChanged) =>
    events.emit('repo.changed', { appId, paths, headChanged }),
  );
  const engines = new EngineService({
    appliedRevisions,
    onAppliedChanged: (appId) => controller.pinChanged(appId),
    apps: registry,
    repos,
    cluster,
    appliedObjects: (appId) => controller.trackedLive(appId),
  });
  const follower = new RemoteFollower({
    repos,
    report: (appId, tracking) => events.emit('remote.tracking', { appId, tracking }),
  });
  const offAppsChanged = registry.onChange((apps) => {
    void repos.trackApps(apps);
    follower.retain(apps);
    events.emit('apps.changed', {
      apps: summarizeApps({ summarize: (app) => controller.summarize(app) }, apps),
    });
  });
  await repos.trackApps(registry.list());
  const logs = logsHandlers({ registry, controller, cluster, events });
  follower.retain(registry.list());
  const handlers: Handlers = {
    ...systemHandlers({
      info: options.info,
      ...(options.pickFolder ? { pickFolder: options.pickFolder } : {}),
    }),
    ...kubeHandlers({ cluster }),
    ...appsHandlers({
      registry,
      resourcesDir: options.resourcesDir,
      userDataDir: options.userDataDir,
      env,
      summarize: (app) => controller.summarize(app),
    }),
    ...repoHandlers({ registry, repos }),
    ...manifestsHandlers({ registry, manifests }),
    ...stateHandlers({ controller }),
    ...syncHandlers({ controller, mayApply: (appId) => engines.assertDesktopMayApply(appId) }),
    ...logs.handlers,
    ...rollbackHandlers({ controller, apps: registry, env }),
    ...enginesHandlers({ engines }),
    ...remoteHandlers({ registry, repos, follower }),
  };

  let n = 0;
  const tickSeconds = options.tickSeconds ?? 10;
  const ticker =
    tickSeconds > 0
      ? setInterval(
          () => events.emit('system.tick', { n: ++n, at: new Date().toISOString() }),
          tickSeconds * 1000,
        )
      : null;
  ticker?.unref();

  return {
    handlers,
    events,
    async dispose() {
      if (ticker) clearInterval(ticker);
      offAppsChanged();
      offRepoChanged();
      follower.dispose();
      repos.dispose();
      logs.dispose();
      clusterSide.dispose();
    },
  };
}
