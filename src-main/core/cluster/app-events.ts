import type { AppEvent, ResourceKey } from '../../../src-shared/model';
import type { ClusterConnection } from './cluster-connection';
import { str, type KubeObject } from './kube-object';

interface Watched {
  conn: ClusterConnection;
  /** "Kind/namespace/name" of every object of the app → the object. */
  objects: Map<string, AppObject>;
  off: () => void;
}

interface AppObject {
  id: string;
  key: ResourceKey;
}

const involvedKey = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

/**
 * The Events of an app's objects. Events are watched per namespace (the live cache keeps one watch
 * per namespace), and a change about one of the app's objects is announced at once, so a view
 * updates within moments of `kubectl` or a controller recording an Event.
 */
export class AppEvents {
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly changed: (appId: string) => void) {}

  async list(conn: ClusterConnection, appId: string, objects: AppObject[]): Promise<AppEvent[]> {
    const info = await conn.discovery.require('', 'Event', 'v1');
    const index = new Map<string, AppObject>();
    // Events about cluster-scoped objects are recorded in "default".
    const namespaces = new Set<string>();
    for (const o of objects) {
      index.set(involvedKey(o.key.kind, o.key.namespace, o.key.name), o);
      namespaces.add(o.key.namespace || 'default');
    }
    this.track(conn, appId, index);
    await Promise.all([...namespaces].map((ns) => conn.live.ensure(info, ns)));
    const out: AppEvent[] = [];
    for (const ns of namespaces) {
      for (const e of conn.live.list(info, ns)) {
        const o = index.get(involvedOf(e));
        if (o) out.push(toAppEvent(e, o));
      }
    }
    return out.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  }

  private track(conn: ClusterConnection, appId: string, objects: Map<string, AppObject>): void {
    const current = this.watched.get(appId);
    if (current?.conn === conn) {
      current.objects = objects;
      return;
    }
    current?.off();
    const w: Watched = {
      conn,
      objects,
      off: conn.live.onChange((c) => {
        if (c.info.kind !== 'Event' || c.info.group !== '') return;
        if (c.type === 'RESET' || (c.object && w.objects.has(involvedOf(c.object)))) this.changed(appId);
      }),
    };
    this.watched.set(appId, w);
  }

  forget(appId: string): void {
    this.watched.get(appId)?.off();
    this.watched.delete(appId);
  }

  dispose(): void {
    for (const id of [...this.watched.keys()]) this.forget(id);
  }
}

function involvedOf(e: KubeObject): string {
  const kind = str(e, 'involvedObject.kind') ?? '';
  const name = str(e, 'involvedObject.name') ?? '';
  const ns = str(e, 'involvedObject.namespace') ?? '';
  return involvedKey(kind, ns, name);
}

function toAppEvent(e: KubeObject, o: AppObject): AppEvent {
  return {
    resourceId: o.id,
    object: o.key,
    type: str(e, 'type') ?? 'Normal',
    reason: str(e, 'reason') ?? '',
    message: str(e, 'message') ?? '',
    count: typeof e.count === 'number' ? e.count : 1,
    lastSeen:
      str(e, 'lastTimestamp') ??
      str(e, 'series.lastObservedTime') ??
      str(e, 'eventTime') ??
      str(e, 'metadata.creationTimestamp') ??
      '',
    ...(str(e, 'source.component') ? { source: str(e, 'source.component')! } : {}),
  };
}
