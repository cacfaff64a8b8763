import { ApiFailure } from '../../../src-shared/errors';
import type {
  ConnectionState,
  ConnectionStatus,
  KubeContexts,
  OpenApiSchemas,
} from '../../../src-shared/model';
import { ClusterConnection } from './cluster-connection';
import { configForContext, listContexts, loadKubeConfig } from './kubeconfig';
import { str } from './kube-object';
import { fetchSchemas } from './openapi-schemas';

const statusOf: Partial<Record<string, ConnectionStatus>> = {
  unreachable: 'unreachable',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  tls: 'tls',
  timeout: 'timeout',
};

/** Connections per kubeconfig context, made on first use and kept (with their watches) until reset. */
export class ClusterService {
  private readonly connections = new Map<string, ClusterConnection>();
  private readonly schemaCache = new Map<string, Promise<OpenApiSchemas>>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    /** The login shell's PATH, resolved once at start-up, for exec credential plugins. */
    private readonly execPath: Promise<string | undefined>,
  ) {}

  contexts(): KubeContexts {
    return listContexts(loadKubeConfig(this.env));
  }

  async connection(context: string): Promise<ClusterConnection> {
    let conn = this.connections.get(context);
    if (!conn) {
      conn = new ClusterConnection(context, configForContext(this.env, context, await this.execPath));
      if (this.connections.has(context)) {
        conn.dispose();
        return this.connections.get(context)!;
      }
      this.connections.set(context, conn);
      void conn.watchCrds().catch(() => undefined);
    }
    return conn;
  }

  /** Drops a context's connection, watches and caches (hard refresh, kubeconfig edited). */
  reset(context: string): void {
    this.connections.get(context)?.dispose();
    this.connections.delete(context);
    this.schemaCache.delete(context);
  }

  async check(context: string): Promise<ConnectionState> {
    try {
      const conn = await this.connection(context);
      const version = await conn.http.json(
        { method: 'GET', path: '/version', timeoutMs: 8000 },
        'Connecting',
      );
      return {
        context,
        status: 'connected',
        ...(str(version, 'gitVersion') ? { serverVersion: str(version, 'gitVersion')! } : {}),
      };
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
    for (const c of this.connections.values()) c.dispose();
    this.connections.clear();
    this.schemaCache.clear();
  }
}
