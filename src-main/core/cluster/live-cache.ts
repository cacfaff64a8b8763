import type { ApiFailure } from '../../../src-shared/errors';
import type { ApiResource } from './discovery';
import type { KubeHttp } from './kube-http';
import { isRecord, str, type KubeObject } from './kube-object';
import type { ResourceClient } from './resource-client';
import { ResourceWatch, type WatchEventType } from './resource-watch';

export interface LiveChange {
  info: ApiResource;
  namespace: string;
  type: WatchEventType | 'RESET';
  object?: KubeObject;
}

interface Store {
  info: ApiResource;
  namespace: string;
  objects: Map<string, KubeObject>;
  watch: ResourceWatch;
  ready: Promise<void>;
  error: ApiFailure | undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Field sets (`metadata.managedFields[].fieldsV1`) shared between live objects. Objects of one
 * kind written by one manager own the very same fields, so thousands of identical trees (up to
 * half of a live object's size) become a few hundred; every reader (unchanged-by-apply, ignore
 * rules, field managers) still finds them in place. Shared trees are frozen: live objects are
 * read-only, and one writer must not change another object's record. The table only speeds up
 * sharing; evicted trees live on in the objects that hold them.
 */
export class SharedFieldSets {
  private readonly sets = new Map<string, unknown>();

  constructor(private readonly maxEntries = 4096) {}

  /** Replaces `obj`'s field sets (in place: it was just parsed) with shared equal ones. */
  share(obj: KubeObject): KubeObject {
    const metadata = obj.metadata;
    if (!isRecord(metadata) || !Array.isArray(metadata.managedFields)) return obj;
    for (const entry of metadata.managedFields) {
      if (!isRecord(entry) || !isRecord(entry.fieldsV1)) continue;
      const key = JSON.stringify(entry.fieldsV1);
      let shared = this.sets.get(key);
      if (shared === undefined) {
        shared = deepFreeze(entry.fieldsV1);
        this.sets.set(key, shared);
        if (this.sets.size > this.maxEntries) this.sets.delete(this.sets.keys().next().value!);
      }
      entry.fieldsV1 = shared;
    }
    return obj;
  }
}

function objectKey(obj: KubeObject): string {
  return `${str(obj, 'metadata.namespace') ?? ''}/${str(obj, 'metadata.name') ?? ''}`;
}

/**
 * The live objects of one cluster, kept current by one watch per (resource type, namespace) in
 * use. Namespaced watches rather than cluster-wide ones, so users limited to a namespace by RBAC
 * still get live state.
 */
export class LiveCache {
  private readonly stores = new Map<string, Store>();
  private readonly listeners = new Set<(change: LiveChange) => void>();
  private readonly fieldSets = new SharedFieldSets();
  /** How many times a watch had to list again after its first list (410 Gone, reconnects). */
  relists = 0;

  constructor(
    private readonly http: KubeHttp,
    private readonly client: ResourceClient,
  ) {}

  private storeKey(info: ApiResource, namespace: string): string {
    return `${info.group}/${info.resource}/${info.namespaced ? namespace : ''}`;
  }

  private disposed = false;

  /** Starts watching (once) and resolves when the first list has been attempted. */
  async ensure(info: ApiResource, namespace: string): Promise<void> {
    // A comparison still running when the connection closes must not start watches nobody stops.
    if (this.disposed) return;
    const ns = info.namespaced ? namespace : '';
    const key = this.storeKey(info, ns);
    let store = this.stores.get(key);
    if (!store) {
      const objects = new Map<string, KubeObject>();
      const s: Partial<Store> = { info, namespace: ns, objects, error: undefined };
      let listed = false;
      const watch = new ResourceWatch(this.http, this.client, info, ns, {
        reset: (items) => {
          for (const item of items) this.fieldSets.share(item);
          const changes = listed ? relistChanges(objects, items) : [];
          objects.clear();
          for (const item of items) objects.set(objectKey(item), item);
          if (!listed) {
            listed = true;
            this.notify({ info, namespace: ns, type: 'RESET' });
            return;
          }
          // A re-list (the watch expired or the server came back): whatever happened meanwhile
          // arrives as the events the watch missed, so drift and new CRDs are still noticed.
          this.relists++;
          for (const c of changes) this.notify({ info, namespace: ns, ...c });
        },
        event: (type, object) => {
          this.fieldSets.share(object);
          if (type === 'DELETED') objects.delete(objectKey(object));
          else objects.set(objectKey(object), object);
          this.notify({ info, namespace: ns, type, object });
        },
        status: (error) => {
          s.error = error;
        },
      });
      s.watch = watch;
      s.ready = watch.start();
      store = s as Store;
      this.stores.set(key, store);
    }
    await store.ready;
  }

  get(info: ApiResource, namespace: string, name: string): KubeObject | undefined {
    const ns = info.namespaced ? namespace : '';
    return this.stores.get(this.storeKey(info, ns))?.objects.get(`${ns}/${name}`);
  }

  list(info: ApiResource, namespace: string): KubeObject[] {
    return [
      ...(this.stores.get(this.storeKey(info, info.namespaced ? namespace : ''))?.objects.values() ?? []),
    ];
  }

  /** The last failure of that watch (403, unreachable...), undefined while it works. */
  error(info: ApiResource, namespace: string): ApiFailure | undefined {
    return this.stores.get(this.storeKey(info, info.namespaced ? namespace : ''))?.error;
  }

  /** Records what a write returned, so a read right after sees it even before the watch event. */
  remember(info: ApiResource, obj: KubeObject): void {
    const store = this.stores.get(
      this.storeKey(info, info.namespaced ? (str(obj, 'metadata.namespace') ?? '') : ''),
    );
    if (!store) return;
    this.fieldSets.share(obj);
    const prev = store.objects.get(objectKey(obj));
    const newer =
      Number(str(obj, 'metadata.resourceVersion') ?? 0) >= Number(str(prev, 'metadata.resourceVersion') ?? 0);
    if (!prev || newer) store.objects.set(objectKey(obj), obj);
  }

  forget(info: ApiResource, namespace: string, name: string): void {
    this.stores
      .get(this.storeKey(info, info.namespaced ? namespace : ''))
      ?.objects.delete(`${info.namespaced ? namespace : ''}/${name}`);
  }

  /** The server is back: every watch waiting out a backoff retries now. */
  wake(): void {
    for (const s of this.stores.values()) s.watch.wake();
  }

  onChange(listener: (change: LiveChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(change: LiveChange): void {
    for (const l of [...this.listeners]) {
      try {
        l(change);
      } catch {
        // A listener's failure must not break the watch.
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.stores.values()) s.watch.stop();
    this.stores.clear();
    this.listeners.clear();
  }
}

/** The events that turn the objects we had into a fresh list of them. */
export function relistChanges(
  before: Map<string, KubeObject>,
  items: KubeObject[],
): { type: WatchEventType; object: KubeObject }[] {
  const out: { type: WatchEventType; object: KubeObject }[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const key = objectKey(item);
    seen.add(key);
    const prev = before.get(key);
    if (!prev) out.push({ type: 'ADDED', object: item });
    else if (str(prev, 'metadata.resourceVersion') !== str(item, 'metadata.resourceVersion'))
      out.push({ type: 'MODIFIED', object: item });
  }
  for (const [key, prev] of before) {
    if (!seen.has(key)) out.push({ type: 'DELETED', object: prev });
  }
  return out;
}
