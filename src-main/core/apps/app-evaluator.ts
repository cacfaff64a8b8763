import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, CompareWith, ConnectionState, ManifestProblem } from '../../../src-shared/model';
import { parseResourceId } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ClusterService } from '../cluster/cluster-service';
import type { AppComparer } from '../compare/app-comparer';
import {
  scopeKey,
  type CompareOptions,
  type ComparedResource,
  type ExtraneousResource,
  type Scope,
} from '../compare/app-comparer';
import { childrenOf, watchChildren, type ChildObject } from '../compare/live-tree';
import { ownedObjects, type LiveHook } from '../compare/owned-objects';
import { LivePrefetch } from '../compare/live-prefetch';
import type { HealthContext } from '../health/health-types';
import { ingressClassNames } from '../health/misc-health';
import type { LoadedManifests, ManifestRevision } from '../manifests/types';
import { splitHooks, type DesiredHook } from '../sync/hook-plan';
import { hookRole } from '../sync/hooks';
import { guardExtraneous, unresolvedProblems, type GuardedResource } from '../sync/prune-guard';
import type { ManifestsSource } from './app-controller-deps';

export interface Evaluation {
  app: AppSettings;
  compareWith: CompareWith;
  revision: string | null;
  problems: ManifestProblem[];
  manifests?: LoadedManifests;
  conn?: ClusterConnection;
  connection: ConnectionState;
  compared: ComparedResource[];
  /** Hooks and objects a sync never applies: not desired state, so never compared. */
  hooks: DesiredHook[];
  /** Hook objects earlier syncs created, as they are now (a migration Job and its Pods). */
  liveHooks: LiveHook[];
  extraneous: ExtraneousResource[];
  /** Objects that look removed but whose file has a manifest problem: never extraneous, never pruned. */
  guarded: GuardedResource[];
  children: ChildObject[];
  /** Every (type, namespace) this app's state depends on: a change there means re-compare. */
  scopes: Set<string>;
  createNamespace?: string;
  health: HealthContext;
}

const connectionStatus: Record<string, ConnectionState['status']> = {
  unreachable: 'unreachable',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  tls: 'tls',
  timeout: 'timeout',
};

/** How long a state waits for a probe of a server that failed the last time. */
const readyWaitMs = 700;

/** The connection as the latest requests found it (the server may have gone during the comparison). */
function connectionOf(conn: ClusterConnection): ConnectionState {
  const state = conn.state;
  return state.status === 'unknown' ? { ...state, status: 'connected' } : state;
}

function failureOf(err: unknown): ApiFailure {
  return err instanceof ApiFailure
    ? err
    : new ApiFailure('internal', err instanceof Error ? err.message : String(err));
}

/** Loads desired state and compares it with the cluster: everything a state or a sync plan needs. */
export class AppEvaluator {
  constructor(
    private readonly cluster: ClusterService,
    private readonly manifests: ManifestsSource,
    private readonly comparer: AppComparer,
  ) {}

  clearCaches(): void {
    this.comparer.clearCache();
    this.manifests.clearCaches?.();
  }

  /** Files of the app's working copy changed (watcher paths, app-relative). */
  filesChanged(app: AppSettings, paths: string[], headChanged: boolean): void {
    this.manifests.changed?.(app, paths, headChanged);
  }

  forgetFailures(): void {
    this.comparer.forgetFailures();
  }

  /**
   * Connects and reads the server's types while the manifests load: the evaluation needs both and
   * neither waits for the other. Failures are left for `evaluate` to report.
   */
  warm(app: AppSettings): void {
    void this.cluster
      .connection(app.context)
      .then(async (conn) => {
        await conn.ready(readyWaitMs);
        await conn.discovery.all();
      })
      .catch(() => undefined);
  }

  /** The manifests at `revision`; the live lists they name are asked for while they parse. */
  async loadManifests(app: AppSettings, revision: ManifestRevision): Promise<LoadedManifests> {
    const ready = this.cluster
      .connection(app.context)
      .then(async (conn) => {
        await conn.ready(readyWaitMs);
        return conn;
      })
      .catch(() => undefined);
    const prefetch = new LivePrefetch(ready, app);
    try {
      return await this.manifests.load(app, revision, (objects) => prefetch.add(objects));
    } catch (err) {
      const f = failureOf(err);
      return { revision: '', objects: [], problems: [{ file: '', message: f.message }] };
    }
  }

  /**
   * `remembered` are ids this app applied before (from its sync journal), with the file each came
   * from: their types and namespaces are watched too, so objects removed from git are still found
   * as extraneous, and one whose file has a problem is guarded instead.
   */
  async evaluate(
    app: AppSettings,
    compareWith: CompareWith,
    manifests: LoadedManifests,
    remembered: ReadonlyMap<string, string | undefined>,
    opts: CompareOptions = {},
  ): Promise<Evaluation> {
    const base: Evaluation = {
      app,
      compareWith,
      revision: manifests.revision || null,
      problems: manifests.problems,
      manifests,
      connection: { context: app.context, status: 'unknown' },
      compared: [],
      hooks: [],
      liveHooks: [],
      extraneous: [],
      guarded: [],
      children: [],
      scopes: new Set(),
      health: {},
    };
    let conn: ClusterConnection;
    try {
      conn = await this.cluster.connection(app.context);
      // A server known to be down is not waited for: the state says so within a second.
      await conn.ready(readyWaitMs);
      await conn.discovery.all();
    } catch (err) {
      const f = failureOf(err);
      const connection: ConnectionState = {
        context: app.context,
        status: connectionStatus[f.code] ?? 'unknown',
        message: f.message,
      };
      const unresolved = manifests.objects
        .filter((o) => hookRole(o.body) === undefined)
        .map((o) => ({
          id: `${o.key.group}/${o.key.kind}/${o.key.namespace || app.namespace}/${o.key.name}`,
          key: { ...o.key, namespace: o.key.namespace || app.namespace },
          apiVersion: o.apiVersion,
          body: o.body,
          source: o.source,
          wave: 0,
          sync: 'Unknown' as const,
          syncReason: f.message,
          liveError: f.message,
        }));
      return { ...base, connection, compared: unresolved };
    }
    const resolved = await this.comparer.resolve(conn, app, manifests.objects);
    // Argo CD leaves hooks out of the sync status: they run, they are not kept in sync.
    const { desired, hooks } = splitHooks(resolved);
    const compared = await this.comparer.compare(conn, app, desired, opts);
    // One entry per (type, namespace): the extraneous search walks every live object of each
    // scope, so a scope listed once per resource would make it quadratic in the app's size.
    const scopeMap = new Map<string, Scope>();
    const addScope = (scope: Scope) => scopeMap.set(scopeKey(scope), scope);
    for (const c of [...compared, ...hooks.map((h) => h.resource)]) {
      if (c.info) addScope({ info: c.info, namespace: c.key.namespace });
    }
    const rememberedKinds = new Map<string, { group: string; kind: string; namespace: string }>();
    for (const id of remembered.keys()) {
      const key = parseResourceId(id);
      if (key) rememberedKinds.set(`${key.group}/${key.kind}/${key.namespace}`, key);
    }
    for (const key of rememberedKinds.values()) {
      const info = await conn.discovery.find(key.group, key.kind);
      if (info) addScope({ info, namespace: key.namespace });
    }
    const scopes = [...scopeMap.values()];
    await this.comparer.watch(conn, scopes).catch(() => undefined);
    // A hook is not extraneous even while its live copy predates its hook annotation.
    const desiredIds = new Set([...compared.map((c) => c.id), ...hooks.map((h) => h.resource.id)]);
    // A kind the cluster does not serve is a problem of its file like a YAML error: until it is
    // fixed, the object that file defined before is kept, and prune stays off.
    const problems = [...manifests.problems, ...unresolvedProblems(compared)];
    const owned = ownedObjects(conn, app.id, scopes, desiredIds);
    const { extraneous, guarded } = guardExtraneous(owned.extraneous, problems, remembered);
    const hookObjects = owned.hooks;
    const roots = [...compared, ...extraneous, ...guarded, ...hookObjects];
    const childScopes = await watchChildren(conn, roots);
    const children = await childrenOf(conn, roots);
    const health = await this.healthContext(conn, compared);
    const createNamespace = await this.missingAppNamespace(conn, app, [
      ...compared,
      ...hooks.map((h) => h.resource),
    ]);
    const scopeKeys = new Set(scopeMap.keys());
    for (const k of childScopes) scopeKeys.add(k);
    return {
      ...base,
      problems,
      conn,
      connection: connectionOf(conn),
      compared,
      hooks,
      liveHooks: hookObjects,
      extraneous,
      guarded,
      children,
      scopes: scopeKeys,
      health,
      ...(createNamespace ? { createNamespace } : {}),
    };
  }

  private async healthContext(conn: ClusterConnection, compared: ComparedResource[]): Promise<HealthContext> {
    if (!compared.some((c) => c.key.kind === 'Ingress')) return {};
    const info = await conn.discovery.find('networking.k8s.io', 'IngressClass');
    if (!info) return { ingressClasses: [] };
    await conn.live.ensure(info, '');
    if (conn.live.error(info, '')) return {};
    return { ingressClasses: ingressClassNames(conn.live.list(info, '')) };
  }

  /** The app's namespace when it is used, absent, and not defined by a manifest (Argo CD's CreateNamespace). */
  private async missingAppNamespace(
    conn: ClusterConnection,
    app: AppSettings,
    compared: { key: ComparedResource['key'] }[],
  ): Promise<string | undefined> {
    const ns = app.namespace;
    if (!compared.some((c) => c.key.namespace === ns)) return undefined;
    if (compared.some((c) => c.key.group === '' && c.key.kind === 'Namespace' && c.key.name === ns))
      return undefined;
    const info = await conn.discovery.find('', 'Namespace', 'v1');
    if (!info) return undefined;
    // From the (watched) list of namespaces where allowed: no request per re-comparison.
    await conn.live.ensure(info, '');
    if (!conn.live.error(info, '')) return conn.live.get(info, '', ns) ? undefined : ns;
    try {
      return (await conn.client.get(info, '', ns)) ? undefined : ns;
    } catch {
      // Not allowed to read namespaces (a namespace-scoped user): assume it exists.
      return undefined;
    }
  }
}
