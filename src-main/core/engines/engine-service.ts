import { stringify } from 'yaml';
import { ApiFailure } from '../../../src-shared/errors';
import type {
  AppSettings,
  EngineKind,
  EngineStatus,
  HandOverOptions,
  HandOverPreview,
  HandOverResult,
  HandOverSource,
} from '../../../src-shared/model';
import type { AppSettingsChanges } from '../apps/app-registry';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ClusterService } from '../cluster/cluster-service';
import { str, type KubeObject } from '../cluster/kube-object';
import { fieldManager } from '../sync/tracking';
import type { RemoteHead } from '../repo/remote-tracking';
import type { Engine } from './engine';
import { engineOf } from './engines';
import { releaseOwnership } from './release-ownership';
import { servedType } from './served-type';

/** What the engine service needs of the app registry. */
export interface EngineApps {
  get(appId: string): AppSettings;
  update(appId: string, changes: AppSettingsChanges): Promise<AppSettings>;
}

/** What it needs of the git side. */
export interface EngineRepos {
  remoteHead(app: AppSettings): Promise<RemoteHead>;
  headOid(app: AppSettings): Promise<string | null>;
  writeFile(app: AppSettings, path: string, content: string): Promise<void>;
  commit(app: AppSettings, paths: string[], message: string): Promise<string>;
  push(app: AppSettings): Promise<boolean>;
  tracking(app: AppSettings): Promise<{ ahead: number }>;
}

export interface EngineServiceDeps {
  apps: EngineApps;
  repos: EngineRepos;
  cluster: ClusterService;
  /** Where the latest applied revision per app is kept (shared with the comparison). */
  appliedRevisions?: Map<string, string>;
  /** Told when an app's applied revision changed, so its state is compared again. */
  onAppliedChanged?(appId: string): void;
  /** Ids of the objects the app applied, so ownership of exactly those moves to the engine. */
  appliedObjects(appId: string): Promise<KubeObject[]>;
}

export interface HandOverRequest {
  appId: string;
  engine: EngineKind;
  options?: Partial<HandOverOptions>;
  commit: boolean;
  apply: boolean;
  dryRun: boolean;
}

/** Where Argo CD reaches the cluster it runs in. */
const inClusterServer = 'https://kubernetes.default.svc';
/** Field manager for the one-field patches (reconcile requests, suspend), so they never drop fields. */
const requestManager = 'gitops-desktop-requests';

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63)
      .replace(/-+$/, '') || 'app'
  );
}

function describe(obj: KubeObject): string {
  const ns = str(obj, 'metadata.namespace');
  return `${String(obj.kind)} ${ns ? `${ns}/` : ''}${str(obj, 'metadata.name') ?? ''}`;
}

/**
 * Hand-over to an in-cluster engine (Flux, Argo CD) and life beside it: generating its objects,
 * committing and/or applying them, reading its verdict, asking it to reconcile, suspending it.
 */
export class EngineService {
  /** The commit each pull-mode app's engine applied last, as its latest status said. */
  private readonly applied: Map<string, string>;

  constructor(private readonly deps: EngineServiceDeps) {
    this.applied = deps.appliedRevisions ?? new Map();
  }

  private options(app: AppSettings, engine: Engine, given?: Partial<HandOverOptions>): HandOverOptions {
    const d = engine.defaults(engine.kind === 'argocd' ? app.id : slug(app.name));
    const folder = (given?.folder ?? `clusters/${slug(app.context)}`).replace(/^\/+|\/+$/g, '');
    if (folder.split('/').some((s) => s === '..' || s === '.git'))
      throw new ApiFailure('invalid', `Folder "${folder}" must stay inside the repository.`);
    return {
      namespace: given?.namespace || d.namespace,
      name: slug(given?.name || d.name),
      interval: given?.interval || d.interval,
      prune: given?.prune ?? app.options.prune,
      folder,
    };
  }

  private async source(app: AppSettings): Promise<{ source: HandOverSource; warnings: string[] }> {
    const remote = await this.deps.repos.remoteHead(app);
    const warnings: string[] = [];
    const { ahead } = await this.deps.repos.tracking(app).catch(() => ({ ahead: 0 }));
    if (!remote.oid) warnings.push(`Nothing was fetched from ${remote.remote} yet: push the branch first.`);
    else if (ahead > 0)
      warnings.push(`${ahead} commit(s) are not pushed: the engine only sees what is on ${remote.remote}.`);
    if (/^https?:\/\/(127\.|localhost|\[::1\])/i.test(remote.url))
      warnings.push(
        `The remote ${remote.url} is a loopback address: the engine must run where that address reaches the git server.`,
      );
    return {
      source: {
        repoUrl: remote.url,
        branch: remote.branch,
        path: app.appPath ? `./${app.appPath}` : './',
        targetNamespace: app.namespace,
        server: inClusterServer,
      },
      warnings,
    };
  }

  async preview(appId: string, kind: EngineKind, given?: Partial<HandOverOptions>): Promise<HandOverPreview> {
    const app = this.deps.apps.get(appId);
    const engine = engineOf(kind);
    const o = this.options(app, engine, given);
    const { source, warnings } = await this.source(app);
    const objects = engine.objects(source, o);
    const file = `${o.folder ? `${o.folder}/` : ''}${o.name}-${kind}.yaml`;
    const inApp = !app.appPath || file.startsWith(`${app.appPath}/`);
    if (inApp)
      warnings.push(
        `${file} is inside the app's folder: ${engine.label} will apply it too, and so manage itself.`,
      );
    const content = objects.map((obj) => stringify(obj, { lineWidth: 0 })).join('---\n');
    return { engine: kind, source, file, content, warnings };
  }

  async handOver(req: HandOverRequest): Promise<HandOverResult> {
    const app = this.deps.apps.get(req.appId);
    const engine = engineOf(req.engine);
    const preview = await this.preview(req.appId, req.engine, req.options);
    const o = this.options(app, engine, req.options);
    const result: HandOverResult = { applied: [], dryRun: req.dryRun, app };
    if (req.commit && !req.dryRun) {
      // The file may live outside the app's folder: write it repository-relative, still confined.
      const repoWide = { ...app, appPath: '' };
      await this.deps.repos.writeFile(repoWide, preview.file, preview.content);
      result.commit = await this.deps.repos.commit(
        repoWide,
        [preview.file],
        `Hand ${app.name} over to ${engine.label}`,
      );
    }
    if (req.apply) {
      const conn = await this.deps.cluster.connection(app.context);
      const objects = engine.objects(preview.source, o);
      const ns = await this.ensureNamespace(conn, o.namespace, req.dryRun);
      for (const obj of objects) {
        const target = ns.exists
          ? obj
          : { ...obj, metadata: { ...(obj.metadata as object), namespace: 'default' } };
        await this.applyObject(conn, target, { dryRun: req.dryRun, manager: fieldManager });
        result.applied.push(
          describe(obj) + (ns.exists ? '' : ` (checked in default: ${o.namespace} does not exist yet)`),
        );
      }
      if (!req.dryRun) {
        // The engine takes over the desktop's objects as they are (same uid); the desktop lets go of
        // its field ownership so the engine's server-side apply owns them alone.
        await releaseOwnership(conn, await this.deps.appliedObjects(app.id), fieldManager);
        result.app = await this.deps.apps.update(app.id, {
          pullMode: { engine: req.engine, namespace: o.namespace, name: o.name },
          options: { ...app.options, autoSync: false, selfHeal: false },
        });
      }
    }
    return result;
  }

  private async ensureNamespace(
    conn: ClusterConnection,
    name: string,
    dryRun: boolean,
  ): Promise<{ exists: boolean }> {
    const info = await conn.discovery.require('', 'Namespace', 'v1');
    if (await conn.client.get(info, '', name)) return { exists: true };
    if (dryRun) return { exists: false };
    await conn.client.apply(
      info,
      '',
      name,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      { fieldManager },
    );
    return { exists: true };
  }

  private async applyObject(
    conn: ClusterConnection,
    obj: KubeObject,
    opts: { dryRun: boolean; manager: string; force?: boolean },
  ): Promise<KubeObject> {
    const info = await servedType(conn, obj);
    if (!info)
      throw new ApiFailure(
        'not-found',
        `The cluster does not serve ${String(obj.kind)} (${String(obj.apiVersion)}): install the engine's CRDs first.`,
      );
    return conn.client.apply(
      info,
      str(obj, 'metadata.namespace') ?? '',
      str(obj, 'metadata.name') ?? '',
      obj,
      {
        fieldManager: opts.manager,
        ...(opts.dryRun ? { dryRun: true } : {}),
        ...(opts.force ? { force: true } : {}),
      },
    );
  }

  private pullApp(appId: string): {
    app: AppSettings;
    engine: Engine;
    ref: NonNullable<AppSettings['pullMode']>;
  } {
    const app = this.deps.apps.get(appId);
    if (!app.pullMode)
      throw new ApiFailure(
        'invalid',
        `"${app.name}" is not handed over to an engine: it syncs from the desktop.`,
      );
    return { app, engine: engineOf(app.pullMode.engine), ref: app.pullMode };
  }

  async status(appId: string): Promise<EngineStatus> {
    const { app, engine, ref } = this.pullApp(appId);
    const conn = await this.deps.cluster.connection(app.context);
    const read = async (t: { apiVersion: string; kind: string } | undefined) => {
      if (!t) return undefined;
      const info = await servedType(conn, t);
      return info ? conn.client.get(info, ref.namespace, ref.name) : undefined;
    };
    const [main, source] = await Promise.all([
      read(engine.statusObject(ref)),
      read(engine.sourceObject?.(ref)),
    ]);
    const status = engine.status(ref, main, source);
    if (status.appliedRevision !== this.applied.get(appId)) {
      if (status.appliedRevision) this.applied.set(appId, status.appliedRevision);
      else this.applied.delete(appId);
      this.deps.onAppliedChanged?.(appId);
    }
    const [local, remote] = await Promise.all([
      this.deps.repos.headOid(app).catch(() => null),
      this.deps.repos.remoteHead(app).catch(() => undefined),
    ]);
    return {
      ...status,
      ...(local ? { localHead: local } : {}),
      ...(remote?.oid ? { remoteHead: remote.oid } : {}),
    };
  }

  /** Pull mode's primary action: push the branch, then ask the engine to reconcile now. */
  async pushAndReconcile(appId: string): Promise<{ pushed: boolean; requestedAt: string }> {
    const { app, engine, ref } = this.pullApp(appId);
    const pushed = await this.deps.repos.push(app);
    const requestedAt = new Date().toISOString();
    const conn = await this.deps.cluster.connection(app.context);
    for (const obj of engine.reconcileRequests(ref, requestedAt))
      await this.applyObject(conn, obj, { dryRun: false, manager: requestManager, force: true });
    return { pushed, requestedAt };
  }

  async setSuspended(appId: string, suspended: boolean): Promise<EngineStatus> {
    const { app, engine, ref } = this.pullApp(appId);
    const conn = await this.deps.cluster.connection(app.context);
    await this.applyObject(conn, engine.suspendPatch(ref, suspended), {
      dryRun: false,
      manager: requestManager,
      force: true,
    });
    return this.status(appId);
  }

  /**
   * The desktop never applies to a pull-mode app unless the user suspended the engine first (an
   * explicit, visible action); otherwise the two would fight over every field.
   */
  async assertDesktopMayApply(appId: string): Promise<void> {
    const app = this.deps.apps.get(appId);
    if (!app.pullMode) return;
    const status = await this.status(appId);
    if (status.found && !status.suspended) {
      const engine = engineOf(app.pullMode.engine);
      throw new ApiFailure(
        'pull-mode',
        `"${app.name}" is handed over to ${engine.label} (${ref(app)}): use Push & reconcile, or suspend ${engine.label} for this app before syncing from the desktop.`,
      );
    }
  }

  /** Back to push mode: the desktop syncs again; the engine's objects are left as they are. */
  async release(appId: string): Promise<AppSettings> {
    this.deps.apps.get(appId);
    this.applied.delete(appId);
    return this.deps.apps.update(appId, { pullMode: null });
  }
}

function ref(app: AppSettings): string {
  return app.pullMode ? `${app.pullMode.namespace}/${app.pullMode.name}` : '';
}
