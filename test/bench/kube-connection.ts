import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { parse } from 'yaml';

export interface KubeReply {
  status: number;
  text: string;
}

interface NamedEntry<T> {
  name: string;
  [key: string]: unknown;
  value?: T;
}

function entry(list: unknown, name: string, field: string): Record<string, string> {
  const found = Array.isArray(list)
    ? (list as NamedEntry<unknown>[]).find((e) => e.name === name)
    : undefined;
  const value = found?.[field];
  if (!value || typeof value !== 'object') throw new Error(`kubeconfig: no ${field} named "${name}"`);
  return value as Record<string, string>;
}

const fromBase64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64') : undefined);

/**
 * A bare HTTPS client for one kubeconfig context with client-certificate auth, which is what the
 * test control plane's admin context uses. No discovery, no retries, no parsing: the floor client
 * and the benchmark's own set-up steps need nothing more.
 */
export class KubeConnection {
  private constructor(
    readonly server: URL,
    private readonly agent: https.Agent,
  ) {}

  static async fromKubeconfig(path: string, context: string, maxSockets: number): Promise<KubeConnection> {
    const doc = parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    const ctx = entry(doc.contexts, context, 'context');
    const cluster = entry(doc.clusters, ctx.cluster ?? '', 'cluster');
    const user = entry(doc.users, ctx.user ?? '', 'user');
    const agent = new https.Agent({
      keepAlive: true,
      maxSockets,
      ca: fromBase64(cluster['certificate-authority-data']),
      cert: fromBase64(user['client-certificate-data']),
      key: fromBase64(user['client-key-data']),
    });
    return new KubeConnection(new URL(cluster.server ?? ''), agent);
  }

  request(method: string, path: string, body?: string, contentType = 'application/json'): Promise<KubeReply> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          method,
          hostname: this.server.hostname,
          port: this.server.port,
          path,
          agent: this.agent,
          headers: {
            Accept: 'application/json',
            ...(body !== undefined
              ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) }
              : {}),
          },
          timeout: 60_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  async createNamespace(name: string): Promise<void> {
    const reply = await this.request(
      'POST',
      '/api/v1/namespaces',
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name, labels: { 'app.kubernetes.io/part-of': 'bench' } },
      }),
    );
    if (reply.status !== 201 && reply.status !== 409)
      throw new Error(`create namespace ${name}: ${reply.status} ${reply.text.slice(0, 300)}`);
  }

  /** Starts the deletion; the namespace controller finishes it in the background. */
  async deleteNamespace(name: string): Promise<void> {
    await this.request('DELETE', `/api/v1/namespaces/${name}`);
  }

  async listNamespaces(labelSelector: string): Promise<string[]> {
    const reply = await this.request(
      'GET',
      `/api/v1/namespaces?labelSelector=${encodeURIComponent(labelSelector)}`,
    );
    const list = JSON.parse(reply.text) as { items?: { metadata: { name: string } }[] };
    return (list.items ?? []).map((n) => n.metadata.name);
  }

  close(): void {
    this.agent.destroy();
  }
}
