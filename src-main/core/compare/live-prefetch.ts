import type { AppSettings } from '../../../src-shared/model';
import { groupOf } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import type { DesiredObject } from '../manifests/types';
import { childInfos } from './live-tree';

/**
 * Starts the lists a comparison will wait for while the manifests are still being parsed: the
 * live objects of each (type, namespace) as soon as a parsed file names it, the kinds a workload
 * owns (ReplicaSets, Pods) once the workload is found live, and the namespaces when an object
 * lands in the app's namespace (whether it exists). These are the very watches the comparison
 * starts itself (`ensure` starts each once); nothing is decided here, and a failed list is left
 * for the comparison to report.
 */
export class LivePrefetch {
  private readonly started = new Set<string>();
  private namespacesAsked = false;

  constructor(
    private readonly conn: Promise<ClusterConnection | undefined>,
    private readonly app: AppSettings,
  ) {}

  /** Objects of one parsed file (or rendered folder). */
  add(objects: readonly DesiredObject[]): void {
    const fresh = objects.filter((o) => {
      const k = `${o.apiVersion}\u0000${o.key.kind}\u0000${o.key.namespace}\u0000${o.key.name}`;
      if (this.started.has(k)) return false;
      this.started.add(k);
      return true;
    });
    if (fresh.length > 0) void this.start(fresh).catch(() => undefined);
  }

  private async start(objects: DesiredObject[]): Promise<void> {
    const conn = await this.conn;
    if (!conn) return;
    // What discovery already knows, without the refresh an unknown kind triggers in `find`: the
    // comparison resolves those itself.
    const served = await conn.discovery.all();
    const lists = new Map<string, { info: ApiResource; namespace: string; names: string[] }>();
    for (const o of objects) {
      const info = servedFor(served, o.apiVersion, o.key.kind);
      if (!info) continue;
      const namespace = info.namespaced ? o.key.namespace || this.app.namespace : '';
      if (namespace === this.app.namespace && !this.namespacesAsked) this.askNamespaces(conn, served);
      const key = `${info.group}/${info.resource}/${namespace}`;
      const entry = lists.get(key) ?? { info, namespace, names: [] };
      entry.names.push(o.key.name);
      lists.set(key, entry);
    }
    await Promise.all(
      [...lists.values()].map(async ({ info, namespace, names }) => {
        await conn.live.ensure(info, namespace);
        if (!namespace || !names.some((name) => conn.live.get(info, namespace, name))) return;
        const children = await childInfos(conn, info.group, info.kind);
        await Promise.all(children.map((c) => conn.live.ensure(c, namespace)));
      }),
    );
  }

  private askNamespaces(conn: ClusterConnection, served: ApiResource[]): void {
    this.namespacesAsked = true;
    const info = served.find((r) => r.group === '' && r.kind === 'Namespace');
    if (info) void conn.live.ensure(info, '').catch(() => undefined);
  }
}

function servedFor(served: ApiResource[], apiVersion: string, kind: string): ApiResource | undefined {
  const group = groupOf(apiVersion);
  const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.indexOf('/') + 1) : apiVersion;
  let first: ApiResource | undefined;
  for (const r of served) {
    if (r.group !== group || r.kind !== kind) continue;
    if (r.version === version) return r;
    first ??= r;
  }
  return first;
}
