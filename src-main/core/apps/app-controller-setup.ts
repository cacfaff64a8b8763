import type { AppSettings } from '../../../src-shared/model';
import { ClusterService } from '../cluster/cluster-service';
import { resolveLoginShellPath } from '../cluster/login-path';
import { AppComparer } from '../compare/app-comparer';
import { DryRunCache } from '../compare/dry-run-cache';
import { SyncJournal } from '../sync/sync-journal';
import { AppController } from './app-controller';
import type {
  AppsSource,
  ControllerEvents,
  ControllerTimings,
  ManifestsSource,
  RepoSource,
} from './app-controller-deps';
import { AppEvaluator } from './app-evaluator';

export interface ClusterSideDeps {
  env: NodeJS.ProcessEnv;
  userDataDir: string;
  apps: AppsSource;
  manifests: ManifestsSource;
  repos: RepoSource;
  events: ControllerEvents;
  timings?: Partial<ControllerTimings>;
  pinnedRevision?: (app: AppSettings) => string | undefined;
}

/** Builds the cluster side (connections, comparison, sync) for compose.ts in one call. */
export function createClusterSide(deps: ClusterSideDeps): {
  cluster: ClusterService;
  controller: AppController;
  dispose(): void;
} {
  // Asked once at start-up; connections wait for it only when they are first made.
  const execPath = resolveLoginShellPath(deps.env);
  const cluster = new ClusterService(deps.env, execPath);
  const evaluator = new AppEvaluator(cluster, deps.manifests, new AppComparer(new DryRunCache()));
  const controller = new AppController({
    apps: deps.apps,
    repos: deps.repos,
    cluster,
    evaluator,
    journal: new SyncJournal(deps.userDataDir),
    events: deps.events,
    ...(deps.timings ? { timings: deps.timings } : {}),
    ...(deps.pinnedRevision ? { pinnedRevision: deps.pinnedRevision } : {}),
  });
  // The latest status of each context goes to the UI, and the apps on it are compared again.
  const offStatus = cluster.onStatus((state) => {
    deps.events.emit('kube.connection', state);
    controller.connectionChanged(state.context);
  });
  return {
    cluster,
    controller,
    dispose() {
      offStatus();
      controller.dispose();
      cluster.dispose();
    },
  };
}
