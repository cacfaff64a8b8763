import type { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { ApiFailure } from '../../../src-shared/errors';
import { httpFailure, networkFailure } from './kube-errors';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. "/api/v1/namespaces?limit=500". */
  path: string;
  body?: string;
  contentType?: string;
  accept?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface KubeResponse {
  status: number;
  text: string;
}

/**
 * Raw HTTPS to one context's API server. client-node provides only what it is good at: the
 * kubeconfig, TLS material and credentials (exec plugins included). Bodies go out exactly as given
 * because its typed models drop fields they do not know.
 */
export class KubeHttp {
  readonly server: string;
  private agent: http.Agent | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly defaultTimeoutMs = 15_000,
  ) {
    const server = kc.getCurrentCluster()?.server;
    if (!server)
      throw new ApiFailure(
        'settings',
        `The context "${kc.getCurrentContext()}" has no cluster server address in the kubeconfig.`,
      );
    this.server = server.replace(/\/+$/, '');
  }

  private async options(req: KubeRequest): Promise<https.RequestOptions> {
    const url = new URL(this.server + req.path);
    const opts: https.RequestOptions = {
      method: req.method,
      protocol: url.protocol,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: url.pathname + url.search,
      headers: {
        Accept: req.accept ?? 'application/json',
        ...(req.body !== undefined
          ? {
              'Content-Type': req.contentType ?? 'application/json',
              'Content-Length': Buffer.byteLength(req.body),
            }
          : {}),
      },
    };
    try {
      await this.kc.applyToHTTPSOptions(opts);
    } catch (err) {
      throw new ApiFailure(
        'unauthorized',
        `Could not get credentials for context "${this.kc.getCurrentContext()}": ${(err as Error).message}`,
      );
    }
    // The TLS material of a context does not change; one agent keeps connections alive.
    this.agent ??= opts.agent as http.Agent | undefined;
    if (this.agent) {
      opts.agent = this.agent;
      (this.agent as http.Agent & { keepAlive?: boolean }).keepAlive = true;
    }
    return opts;
  }

  private open(
    req: KubeRequest,
    opts: https.RequestOptions,
    onResponse: (res: http.IncomingMessage) => void,
    onError: (err: unknown) => void,
  ) {
    const mod = opts.protocol === 'http:' ? http : https;
    const r = mod.request(opts, onResponse);
    r.on('error', onError);
    if (req.signal) {
      if (req.signal.aborted) r.destroy(new ApiFailure('cancelled', 'Cancelled'));
      req.signal.addEventListener('abort', () => r.destroy(new ApiFailure('cancelled', 'Cancelled')), {
        once: true,
      });
    }
    if (req.body !== undefined) r.write(req.body);
    r.end();
    return r;
  }

  /** Resolves with any HTTP answer; rejects only for network, TLS and timeout failures. */
  async request(req: KubeRequest): Promise<KubeResponse> {
    const opts = await this.options(req);
    const timeoutMs = req.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (fn: () => void) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        fn();
      };
      const r = this.open(
        req,
        opts,
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            finish(() =>
              resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
            ),
          );
          res.on('error', (err) => finish(() => reject(this.failure(err))));
        },
        (err) => finish(() => reject(this.failure(err))),
      );
      const timer = setTimeout(() => {
        finish(() =>
          reject(
            new ApiFailure(
              'timeout',
              `The API server at ${this.server} did not answer within ${Math.round(timeoutMs / 1000)} s.`,
            ),
          ),
        );
        r.destroy();
      }, timeoutMs);
    });
  }

  /** Parsed JSON of a 2xx answer; any other status becomes the matching ApiFailure. */
  async json(req: KubeRequest, what: string): Promise<unknown> {
    const res = await this.request(req);
    if (res.status < 200 || res.status >= 300) throw httpFailure(res.status, res.text, what);
    try {
      return JSON.parse(res.text) as unknown;
    } catch {
      throw new ApiFailure('kube', `${what}: the API server answered with something that is not JSON.`);
    }
  }

  /**
   * A long-lived streaming GET (watch): calls onLine per newline-delimited chunk. Resolves when the
   * server closes the stream; an HTTP error status is delivered through the rejection.
   */
  async stream(req: KubeRequest, what: string, onLine: (line: string) => void): Promise<void> {
    const opts = await this.options(req);
    // Watches have their own agent: a stream holds its socket for minutes.
    opts.agent = undefined;
    await this.kc.applyToHTTPSOptions(opts);
    return new Promise((resolve, reject) => {
      this.open(
        req,
        opts,
        (res) => {
          const status = res.statusCode ?? 0;
          let buffer = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            buffer += chunk;
            if (status >= 300) return;
            let nl: number;
            while ((nl = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, nl).trim();
              buffer = buffer.slice(nl + 1);
              if (line) onLine(line);
            }
          });
          res.on('end', () => (status >= 300 ? reject(httpFailure(status, buffer, what)) : resolve()));
          res.on('error', (err) => reject(this.failure(err)));
        },
        (err) => reject(this.failure(err)),
      );
    });
  }

  private failure(err: unknown): ApiFailure {
    return err instanceof ApiFailure ? err : networkFailure(err, this.server);
  }

  dispose(): void {
    this.agent?.destroy();
  }
}
