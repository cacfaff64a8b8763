import { ApiFailure } from '../../../src-shared/errors';
import type {
  ConnectionState,
  ConnectionStatus,
  KubeContexts,
  OpenApiSchemas,
} from '../../../src-shared/model';
import { ClusterConnection } from './cluster-connection';
import { configForContext, listContexts, loadKubeConfig } from './kubeconfig';
import { filesSignature, kubeconfigFiles, KubeconfigWatch } from './kubeconfig-watch';
import { str } from './kube-object';
import { fetchSchemas } from './openapi-schemas';
import type { KubeConfig } from './kube-config';

const statusOf: Partial<Record<string, ConnectionStatus>> = {
  unreachable: 'unreachable',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  tls: 'tls',
  timeout: 'timeout',
};

interface Entry {
  conn: ClusterConnection;
  /** The context, cluster and user entries it was made from: a change there means a new connection. */
  fingerprint: string;
  off: () => void;
}

/** What a connection depends on in the kubeconfig; undefined when the context is gone. */
export function contextFingerprint(kc: KubeConfig, context: string): string | undefined {
  const ctx = kc.getContextObject(context);
  if (!ctx) return undefined;
  return JSON.stringify({ ctx, cluster: kc.getCluster(ctx.cluster), user: kc.getUser(ctx.user) });
}

/**
 * Connections per kubeconfig context, made on first use and kept (with their watches) until reset.
 * The kubeconfig files are watched (and checked again before a connection is handed out): when a
 * context's server, credentials or TLS settings change, its connection is rebuilt, with new
 * clients, discovery and watches, and no restart or hard refresh.
 */
export class ClusterService {
  private readonly connections = new Map<string, Entry>();
  private readonly creating = new Map<string, Promise<ClusterConnection>>();
  private readonly schemaCache = new Map<string, Promise<OpenApiSchemas>>();
  private readonly statusListeners = new Set<(state: ConnectionState) => void>();
  private readonly files: string[];
  private readonly watcher: KubeconfigWatch;
  private knownSignature: string | undefined;
  private refreshing: Promise<void> | undefined;
  private disposed = false;

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    /** The login shell's PATH, resolved once at start-up, for exec credential plugins. */
    private readonly execPath: Promise<string | undefined>,
  ) {
    this.files = kubeconfigFiles(env);
    this.watcher = new KubeconfigWatch(this.files, () => void this.refresh());
  }

  contexts(): KubeContexts {
    return listContexts(loadKubeConfig(this.env));
  }

  async connection(context: string): Promise<ClusterConnection> {
    await this.refreshIfChanged();
    const entry = this.connections.get(context);
    if (entry) return entry.conn;
    let making = this.creating.get(context);
    if (!making) {
      making = this.create(context).finally(() => this.creating.delete(context));
      this.creating.set(context, making);
    }
    return making;
  }

  private async create(context: string): Promise<ClusterConnection> {
    const kc = configForContext(this.env, context, await this.execPath);
    const fingerprint = contextFingerprint(loadKubeConfig(this.env), context) ?? '';
    const conn = new ClusterConnection(context, kc);
    if (this.disposed) {
      conn.dispose();
      throw new ApiFailure('cancelled', 'Shutting down.');
    }
    const off = conn.onStatus((state) => this.emitStatus(state));
    this.connections.set(context, { conn, fingerprint, off });
    void conn.watchCrds().catch(() => undefined);
    return conn;
  }

  /** Each change of a context's connection status, as the latest requests found it. */
  onStatus(listener: (state: ConnectionState) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private emitStatus(state: ConnectionState): void {
    for (const l of [...this.statusListeners]) {
      try {
        l(state);
      } catch {
        // A listener's failure must not break the connection.
      }
    }
  }

  /** Cheap check (a stat per file) that runs before a connection is used, so no edit is missed. */
  private async refreshIfChanged(): Promise<void> {
    const signature = await filesSignature(this.files);
    if (this.knownSignature === undefined) this.knownSignature = signature;
    else if (signature !== this.knownSignature) await this.refresh();
  }

  /** Re-reads the kubeconfig and rebuilds the connections whose context changed. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const signature = await filesSignature(this.files);
        let kc: KubeConfig;
        try {
          kc = loadKubeConfig(this.env);
        } catch {
          // Half written or broken: keep what works; the next change is read again.
          return;
        }
        this.knownSignature = signature;
        for (const [context, entry] of [...this.connections]) {
          const now = contextFingerprint(kc, context);
          if (now === entry.fingerprint) continue;
          this.reset(context);
          this.emitStatus({
            context,
            status: 'unknown',
            message: now
              ? 'The kubeconfig changed: reconnecting.'
              : 'The context is no longer in the kubeconfig.',
          });
          // Reconnect at once, so the status bar and the watches follow without waiting for a click.
          if (now && !this.disposed) void this.check(context);
        }
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Drops a context's connection, watches and caches (hard refresh, kubeconfig edited). */
  reset(context: string): void {
    const entry = this.connections.get(context);
    this.connections.delete(context);
    this.schemaCache.delete(context);
    if (entry) {
      entry.off();
      entry.conn.dispose();
    }
  }

  /** The connection's status now, asking the server (GET /version). */
  async check(context: string): Promise<ConnectionState> {
    try {
      const conn = await this.connection(context);
      const version = await conn.http.json(
        { method: 'GET', path: '/version', timeoutMs: 8000 },
        'Connecting',
      );
      const gitVersion = str(version, 'gitVersion');
      conn.health.answered(200, undefined, gitVersion);
      return conn.state;
    } catch (err) {
      const failure = err instanceof ApiFailure ? err : new ApiFailure('internal', String(err));
      return { context, status: statusOf[failure.code] ?? 'unknown', message: failure.message };
    }
  }

  async namespaces(context: string): Promise<string[]> {
    const conn = await this.connection(context);
    const info = await conn.discovery.require('', 'Namespace', 'v1');
    try {
      const { items } = await conn.client.list(info);
      return items
        .map((i) => str(i, 'metadata.name') ?? '')
        .filter(Boolean)
        .sort();
    } catch (err) {
      // Users confined to one namespace may not list namespaces; their context still names one.
      if (err instanceof ApiFailure && err.code === 'forbidden' && conn.defaultNamespace)
        return [conn.defaultNamespace];
      throw err;
    }
  }

  schemas(context: string): Promise<OpenApiSchemas> {
    let cached = this.schemaCache.get(context);
    if (!cached) {
      cached = this.connection(context).then((conn) => fetchSchemas(conn.http, context));
      this.schemaCache.set(context, cached);
      cached.catch(() => this.schemaCache.delete(context));
    }
    return cached;
  }

  dispose(): void {
    this.disposed = true;
    this.watcher.dispose();
    for (const context of [...this.connections.keys()]) this.reset(context);
    this.schemaCache.clear();
    this.statusListeners.clear();
  }
}
