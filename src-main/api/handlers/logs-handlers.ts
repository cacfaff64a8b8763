import { ApiFailure } from '../../../src-shared/errors';
import type { AppState, LogTargets, ResourceState } from '../../../src-shared/model';
import type { AppController } from '../../core/apps/app-controller';
import type { AppRegistry } from '../../core/apps/app-registry';
import { AppEvents } from '../../core/cluster/app-events';
import type { ClusterService } from '../../core/cluster/cluster-service';
import { records, str } from '../../core/cluster/kube-object';
import { PodLogStreams } from '../../core/cluster/pod-logs';
import type { EventSink, HandlersFor } from '../types';

export interface LogsDeps {
  registry: AppRegistry;
  controller: AppController;
  cluster: ClusterService;
  events: EventSink;
}

/** Pods of a resource in the app's tree: itself when a Pod, else its descendant Pods (Deployment → ReplicaSet → Pod). */
function podsOf(state: AppState, resource: ResourceState): ResourceState[] {
  const isPod = (r: ResourceState) => r.key.group === '' && r.key.kind === 'Pod';
  if (isPod(resource)) return [resource];
  const out: ResourceState[] = [];
  const visit = (parentId: string) => {
    for (const r of state.resources) {
      if (r.parentId !== parentId) continue;
      if (isPod(r)) out.push(r);
      else visit(r.id);
    }
  };
  visit(resource.id);
  return out;
}

/** Pod logs (streamed) and the app's Events (watched), for the Logs and Events views. */
export function logsHandlers(deps: LogsDeps): {
  handlers: HandlersFor<'logs'> & HandlersFor<'events'>;
  dispose(): void;
} {
  const streams = new PodLogStreams((batch) => deps.events.emit('logs.lines', batch));
  const appEvents = new AppEvents((appId) => deps.events.emit('events.changed', { appId }));

  const resolve = async (appId: string, resourceId: string) => {
    const app = deps.registry.get(appId);
    const state = await deps.controller.getState(appId, 'HEAD');
    const resource = state.resources.find((r) => r.id === resourceId);
    if (!resource)
      throw new ApiFailure(
        'not-found',
        `Resource ${resourceId} is not part of this app. Refresh the app state.`,
      );
    const conn = await deps.cluster.connection(app.context);
    return { app, state, resource, conn };
  };

  const targets = async (appId: string, resourceId: string): Promise<LogTargets> => {
    const { state, resource, conn } = await resolve(appId, resourceId);
    const pods = podsOf(state, resource);
    if (pods.length === 0)
      throw new ApiFailure(
        'invalid',
        `${resource.key.kind} ${resource.key.name} has no pods, so it has no logs. Logs exist for Pods and for workloads that run them.`,
      );
    const info = await conn.discovery.require('', 'Pod', 'v1');
    const out: LogTargets = { pods: [] };
    for (const p of pods) {
      const live =
        conn.live.get(info, p.key.namespace, p.key.name) ??
        (await conn.client.get(info, p.key.namespace, p.key.name));
      if (!live) continue;
      const names = (field: string) =>
        records(live, field)
          .map((c) => str(c, 'name') ?? '')
          .filter(Boolean);
      out.pods.push({
        name: p.key.name,
        namespace: str(live, 'metadata.namespace') ?? p.key.namespace,
        containers: names('spec.containers'),
        initContainers: names('spec.initContainers'),
      });
    }
    return out;
  };

  const handlers: HandlersFor<'logs'> & HandlersFor<'events'> = {
    'logs.targets': async ({ appId, resourceId }) => targets(appId, resourceId),
    'logs.start': async ({ appId, resourceId, container, follow, previous, timestamps, tailLines }) => {
      const { resource, conn } = await resolve(appId, resourceId);
      const { pods } = await targets(appId, resourceId);
      const sources = pods.flatMap((p) =>
        container
          ? p.containers.includes(container) || p.initContainers.includes(container)
            ? [{ namespace: p.namespace, pod: p.name, container }]
            : []
          : p.containers.map((c) => ({ namespace: p.namespace, pod: p.name, container: c })),
      );
      if (sources.length === 0)
        throw new ApiFailure(
          'not-found',
          `No pod of ${resource.key.name} has a container named "${container}".`,
        );
      const streamId = await streams.start(conn, sources, { follow, previous, timestamps, tailLines });
      return { streamId, pods: [...new Set(sources.map((s) => s.pod))] };
    },
    'logs.stop': async ({ streamId }) => ({ stopped: streams.stop(streamId) }),
    'events.app': async ({ appId }) => {
      const app = deps.registry.get(appId);
      const state = await deps.controller.getState(appId, 'HEAD');
      if (state.connection.status !== 'connected')
        throw new ApiFailure('unreachable', state.connection.message ?? 'Not connected to the cluster.');
      const conn = await deps.cluster.connection(app.context);
      const objects = state.resources.map((r) => ({ id: r.id, key: r.key }));
      return { events: await appEvents.list(conn, appId, objects) };
    },
  };
  return {
    handlers,
    dispose() {
      streams.dispose();
      appEvents.dispose();
    },
  };
}
