import type { AppSettings } from '../../../src-shared/model';
import { groupOf } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import type { DesiredObject } from '../manifests/types';
import { childInfos, hasChildKinds } from './live-tree';

/** Objects of one kind and namespace (as written) seen so far. */
interface Pending {
  apiVersion: string;
  group: string;
  kind: string;
  namespace: string;
  /** Workloads only: the names to look for once their list is in. */
  names: string[];
  /** Set once the list is in: where later names are looked for at once. */
  listed?: { conn: ClusterConnection; info: ApiResource; namespace: string };
  childrenStarted?: boolean;
}

/**
 * Starts the lists a comparison will wait for while the manifests are still being parsed: the
 * live objects of each (type, namespace) as soon as a parsed file names it, the kinds a workload
 * owns (ReplicaSets, Pods) once the workload is found live, and the namespaces when an object
 * lands in the app's namespace (whether it exists). These are the very watches the comparison
 * starts itself (`ensure` starts each once); nothing is decided here, and a failed list is left
 * for the comparison to report. Per object this costs a map lookup: a reload after a save hands
 * over every object again.
 */
export class LivePrefetch {
  private readonly seen = new Map<string, Pending>();
  private queue: Pending[] = [];
  private flushing = false;
  private namespacesAsked = false;

  constructor(
    private readonly conn: Promise<ClusterConnection | undefined>,
    private readonly app: AppSettings,
  ) {}

  /** Objects of one parsed file (or rendered folder). */
  add(objects: readonly DesiredObject[]): void {
    for (const o of objects) {
      const k = `${o.apiVersion}\u0000${o.key.kind}\u0000${o.key.namespace}`;
      let p = this.seen.get(k);
      if (!p) {
        p = {
          apiVersion: o.apiVersion,
          group: groupOf(o.apiVersion),
          kind: o.key.kind,
          namespace: o.key.namespace,
          names: [],
        };
        this.seen.set(k, p);
        this.queue.push(p);
      }
      if (p.childrenStarted || !hasChildKinds(p.group, p.kind)) continue;
      if (p.listed) this.childrenIfLive(p, [o.key.name]);
      else p.names.push(o.key.name);
    }
    if (this.queue.length > 0 && !this.flushing) {
      this.flushing = true;
      void this.flush().catch(() => undefined);
    }
  }

  private async flush(): Promise<void> {
    try {
      const conn = await this.conn;
      if (!conn) return;
      // What discovery already knows, without the refresh an unknown kind triggers in `find`:
      // the comparison resolves those itself.
      const served = await conn.discovery.all();
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        for (const p of batch) void this.list(conn, served, p).catch(() => undefined);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async list(conn: ClusterConnection, served: ApiResource[], p: Pending): Promise<void> {
    const info = servedFor(served, p.group, p.apiVersion, p.kind);
    if (!info) return;
    const namespace = info.namespaced ? p.namespace || this.app.namespace : '';
    if (namespace === this.app.namespace && !this.namespacesAsked) {
      this.namespacesAsked = true;
      const namespaces = served.find((r) => r.group === '' && r.kind === 'Namespace');
      if (namespaces) void conn.live.ensure(namespaces, '').catch(() => undefined);
    }
    await conn.live.ensure(info, namespace);
    if (!namespace || !hasChildKinds(p.group, p.kind)) return;
    p.listed = { conn, info, namespace };
    const names = p.names;
    p.names = [];
    this.childrenIfLive(p, names);
  }

  /** Once one of these workloads is live, the kinds it owns are listed in its namespace. */
  private childrenIfLive(p: Pending, names: string[]): void {
    const at = p.listed!;
    if (p.childrenStarted || !names.some((name) => at.conn.live.get(at.info, at.namespace, name))) return;
    p.childrenStarted = true;
    void childInfos(at.conn, p.group, p.kind)
      .then((children) => Promise.all(children.map((c) => at.conn.live.ensure(c, at.namespace))))
      .catch(() => undefined);
  }
}

function servedFor(
  served: ApiResource[],
  group: string,
  apiVersion: string,
  kind: string,
): ApiResource | undefined {
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  let first: ApiResource | undefined;
  for (const r of served) {
    if (r.group !== group || r.kind !== kind) continue;
    if (r.version === version) return r;
    first ??= r;
  }
  return first;
}
