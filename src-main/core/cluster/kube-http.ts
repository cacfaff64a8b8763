import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { ApiFailure } from '../../../src-shared/errors';
import {
  ConnectionHealth,
  defaultTimeoutPolicy,
  requestTimeouts,
  type TimeoutPolicy,
} from './connection-health';
import { httpFailure, networkFailure } from './kube-errors';
import type { KubeConfig } from './kube-config';

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. "/api/v1/namespaces?limit=500". */
  path: string;
  body?: string;
  contentType?: string;
  accept?: string;
  /** For a stream: how long it may live at most (the server ends watches itself). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface KubeResponse {
  status: number;
  text: string;
  /** The `Retry-After` header of a 429 or 503 (API Priority and Fairness sets it), in seconds. */
  retryAfterSeconds?: number;
}

export interface KubeHttpOptions {
  defaultTimeoutMs?: number;
  policy?: TimeoutPolicy;
  health?: ConnectionHealth;
  /** How long a failed probe's verdict stands before a request probes the server again. */
  probeFreshMs?: number;
}

/** The probe that tells whether the server is there at all. */
interface SendRequest extends KubeRequest {
  probe?: boolean;
}

interface Pending {
  req: http.ClientRequest;
  stream: boolean;
  /** Shortens the request's deadline to `ms` from now, if that is sooner. */
  hurry(ms: number): void;
}

/** `Retry-After` as delay-seconds; the HTTP-date form is not used by the API server. */
function retryAfterHeader(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const cancelled = () => new ApiFailure('cancelled', 'Cancelled');

/**
 * Raw HTTPS to one context's API server. client-node provides only what it is good at: the
 * kubeconfig, TLS material and credentials (exec plugins included). Bodies go out exactly as given
 * because its typed models drop fields they do not know.
 *
 * Requests share one keep-alive agent; watches another, since a stream holds its socket for
 * minutes. Every outcome is reported to `health`, and timeouts follow it: once the server failed to
 * answer, requests first wait for one shared probe (and fail at once when it fails too), and those
 * already in flight get a short deadline. `dispose()` closes every socket, so nothing keeps the
 * process alive.
 */
export class KubeHttp {
  readonly server: string;
  readonly health: ConnectionHealth;
  /** New TCP/TLS connections made so far (reused keep-alive connections are not counted). */
  connectionsOpened = 0;
  private agent: http.Agent | undefined;
  private streamAgent: http.Agent | undefined;
  private readonly pending = new Set<Pending>();
  private readonly connected = new WeakSet<Socket>();
  private readonly defaultTimeoutMs: number;
  private readonly policy: TimeoutPolicy;
  private readonly probeFreshMs: number;
  private probing: Promise<void> | undefined;
  private lastProbe: { at: number; failure?: ApiFailure } = { at: 0 };
  private disposed = false;
  private readonly offHealth: () => void;

  constructor(
    private readonly kc: KubeConfig,
    options: KubeHttpOptions = {},
  ) {
    const server = kc.getCurrentCluster()?.server;
    if (!server)
      throw new ApiFailure(
        'settings',
        `The context "${kc.getCurrentContext()}" has no cluster server address in the kubeconfig.`,
      );
    this.server = server.replace(/\/+$/, '');
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 15_000;
    this.policy = options.policy ?? defaultTimeoutPolicy;
    this.probeFreshMs = options.probeFreshMs ?? 1000;
    this.health = options.health ?? new ConnectionHealth(kc.getCurrentContext());
    // Requests already waiting on a server that just failed another one would wait their full
    // timeout for nothing; give them the short one.
    this.offHealth = this.health.onChange(() => {
      if (!this.health.down) return;
      for (const p of this.pending) {
        if (!p.stream) p.hurry(this.policy.downMs);
      }
    });
  }

  private async options(req: KubeRequest, stream: boolean): Promise<https.RequestOptions> {
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
      // Run for every request: exec plugins and token files renew credentials here.
      await this.kc.applyToHTTPSOptions(opts);
    } catch (err) {
      throw new ApiFailure(
        'unauthorized',
        `Could not get credentials for context "${this.kc.getCurrentContext()}": ${(err as Error).message}`,
      );
    }
    const made = opts.agent as http.Agent | undefined;
    if (stream) {
      this.streamAgent ??= this.makeAgent(opts, made, false);
      opts.agent = this.streamAgent;
    } else {
      this.agent ??= this.makeAgent(opts, made, true);
      opts.agent = this.agent;
    }
    if (made && made !== opts.agent) made.destroy();
    return opts;
  }

  /**
   * One agent per purpose for the context's lifetime. The TLS material of a context does not
   * change (a kubeconfig edit makes a new connection), so connections can be kept and reused.
   */
  private makeAgent(
    opts: https.RequestOptions,
    made: http.Agent | undefined,
    keepAlive: boolean,
  ): http.Agent {
    if (this.kc.getCurrentCluster()?.proxyUrl && made) {
      // A proxy agent from client-node: keep it, with keep-alive switched on.
      (made as http.Agent & { keepAlive: boolean }).keepAlive = keepAlive;
      return made;
    }
    if (opts.protocol === 'http:') return new http.Agent({ keepAlive, scheduling: 'lifo' });
    return new https.Agent({
      keepAlive,
      scheduling: 'lifo',
      ...(opts.ca ? { ca: opts.ca } : {}),
      ...(opts.cert ? { cert: opts.cert } : {}),
      ...(opts.key ? { key: opts.key } : {}),
      ...(opts.pfx ? { pfx: opts.pfx } : {}),
      ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
      ...(opts.servername ? { servername: opts.servername } : {}),
      ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
    });
  }

  /**
   * Resolves when requests are worth sending: at once while the server answers; after one shared
   * probe once it did not. A failed probe's verdict stands for `probeFreshMs`, so a burst of
   * requests against a dead server fails in milliseconds instead of each waiting for a timeout.
   * With `maxWaitMs`, gives up waiting for the probe (it goes on in the background).
   */
  async reachable(maxWaitMs?: number): Promise<void> {
    if (this.disposed) throw new ApiFailure('cancelled', 'The connection to the cluster was closed.');
    if (!this.health.down) return;
    const { at, failure } = this.lastProbe;
    if (failure && Date.now() - at < this.probeFreshMs) throw failure;
    const probe = this.probe();
    if (maxWaitMs === undefined) return probe;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ApiFailure(
              this.health.status === 'timeout' ? 'timeout' : 'unreachable',
              this.health.state.message ?? `The API server at ${this.server} does not answer.`,
            ),
          ),
        maxWaitMs,
      );
    });
    try {
      await Promise.race([probe, gaveUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  private probe(): Promise<void> {
    this.probing ??= (async () => {
      try {
        await this.send(
          { method: 'GET', path: '/version', timeoutMs: this.policy.downMs, probe: true },
          false,
        );
        this.lastProbe = { at: Date.now() };
      } catch (err) {
        this.lastProbe = { at: Date.now(), failure: this.failure(err) };
        throw this.lastProbe.failure;
      } finally {
        this.probing = undefined;
      }
    })();
    // Callers that gave up waiting must not leave an unhandled rejection behind.
    this.probing.catch(() => undefined);
    return this.probing;
  }

  /** Resolves with any HTTP answer; rejects only for network, TLS, timeout and cancel failures. */
  async request(req: KubeRequest): Promise<KubeResponse> {
    if (req.signal?.aborted) throw cancelled();
    await this.reachable();
    return this.send(req, false);
  }

  private async send(req: SendRequest, stream: false): Promise<KubeResponse>;
  private async send(
    req: SendRequest,
    stream: true,
    onLine: (line: string) => void,
    onOpen?: () => void,
  ): Promise<KubeResponse>;
  private async send(
    req: SendRequest,
    stream: boolean,
    onLine?: (line: string) => void,
    onOpen?: () => void,
  ): Promise<KubeResponse> {
    const opts = await this.options(req, stream);
    if (this.disposed) throw new ApiFailure('cancelled', 'The connection to the cluster was closed.');
    if (req.signal?.aborted) throw cancelled();
    const requested = req.timeoutMs ?? (stream ? 0 : this.defaultTimeoutMs);
    const limits = requestTimeouts(requested || this.defaultTimeoutMs, this.health.status, this.policy);
    const mod = opts.protocol === 'http:' ? http : https;
    return new Promise<KubeResponse>((resolve, reject) => {
      let done = false;
      let timer: NodeJS.Timeout | undefined;
      let connectTimer: NodeJS.Timeout | undefined;
      let slowTimer: NodeJS.Timeout | undefined;
      let deadline = Infinity;
      const r = mod.request(opts);
      const entry: Pending = {
        req: r,
        stream,
        hurry: (ms) => {
          if (Date.now() + ms < deadline) arm(ms);
        },
      };
      const finish = (err: unknown, res?: KubeResponse) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearTimeout(connectTimer);
        clearTimeout(slowTimer);
        this.pending.delete(entry);
        req.signal?.removeEventListener('abort', onAbort);
        if (res) return resolve(res);
        const failure = this.failure(err);
        // A timeout alone may be a slow answer (a huge list, a loaded server): only when a quick
        // probe times out too is the server taken for gone. Refused and reset connections say so
        // at once.
        if (failure.code === 'timeout' && !req.probe) void this.probe().catch(() => undefined);
        else if (failure.code !== 'cancelled') this.health.failed(failure);
        reject(failure);
      };
      const timedOut = (what: string, ms: number) =>
        new ApiFailure(
          'timeout',
          `The API server at ${this.server} did not ${what} within ${Math.max(1, Math.round(ms / 1000))} s. Check that the cluster is running and the network or VPN, then retry.`,
        );
      const arm = (ms: number) => {
        clearTimeout(timer);
        deadline = Date.now() + ms;
        timer = setTimeout(() => {
          const failure = timedOut('answer', ms);
          finish(failure);
          r.destroy(failure);
        }, ms);
      };
      const onAbort = () => {
        finish(cancelled());
        r.destroy(cancelled());
      };
      this.pending.add(entry);
      req.signal?.addEventListener('abort', onAbort, { once: true });
      // Watches are long-lived by design: only their connect time follows the server's health.
      if (stream && requested > 0) arm(requested);
      else if (!stream) arm(limits.requestMs);
      // A frozen server (or a dead link) answers nothing and refuses nothing: rather than wait out
      // the full timeout, a request that takes long has the server probed on the side. A probe
      // that times out too marks it down, which cuts every pending request short.
      if (!stream && !req.probe && limits.requestMs > this.policy.slowMs) {
        slowTimer = setTimeout(() => {
          if (!this.health.down) void this.probe().catch(() => undefined);
        }, this.policy.slowMs);
      }
      r.on('socket', (socket: Socket) => {
        if (this.connected.has(socket)) return;
        connectTimer = setTimeout(() => {
          const failure = timedOut('accept the connection', limits.connectMs);
          finish(failure);
          r.destroy(failure);
        }, limits.connectMs);
        socket.once(opts.protocol === 'http:' ? 'connect' : 'secureConnect', () => {
          clearTimeout(connectTimer);
          this.connected.add(socket);
          this.connectionsOpened++;
        });
      });
      r.on('error', (err) => finish(err));
      r.on('response', (res) => {
        const status = res.statusCode ?? 0;
        this.health.answered(status);
        res.on('error', (err) => finish(err));
        // A server that dies mid-answer may close the socket without an error on our side.
        res.on('close', () => {
          if (!res.complete) finish(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
        });
        if (!stream || status >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          const retryAfterSeconds = retryAfterHeader(res.headers['retry-after']);
          res.on('end', () =>
            finish(undefined, {
              status,
              text: Buffer.concat(chunks).toString('utf8'),
              ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
            }),
          );
          return;
        }
        onOpen?.();
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line) onLine!(line);
          }
        });
        res.on('end', () => finish(undefined, { status, text: '' }));
      });
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });
  }

  /** Parsed JSON of a 2xx answer; any other status becomes the matching ApiFailure. */
  async json(req: KubeRequest, what: string): Promise<unknown> {
    const res = await this.request(req);
    if (res.status < 200 || res.status >= 300)
      throw httpFailure(res.status, res.text, what, res.retryAfterSeconds);
    try {
      return JSON.parse(res.text) as unknown;
    } catch {
      throw new ApiFailure('kube', `${what}: the API server answered with something that is not JSON.`);
    }
  }

  /**
   * A long-lived streaming GET (watch): calls onOpen once the server accepted it, then onLine per
   * newline-delimited chunk. Resolves when the server closes the stream; an HTTP error status is
   * delivered through the rejection.
   */
  async stream(
    req: KubeRequest,
    what: string,
    onLine: (line: string) => void,
    onOpen?: () => void,
  ): Promise<void> {
    if (req.signal?.aborted) throw cancelled();
    await this.reachable();
    const res = await this.send(req, true, onLine, onOpen);
    if (res.status >= 300) throw httpFailure(res.status, res.text, what, res.retryAfterSeconds);
  }

  private failure(err: unknown): ApiFailure {
    return err instanceof ApiFailure ? err : networkFailure(err, this.server);
  }

  /** Aborts every request and stream in flight and closes every socket. */
  dispose(): void {
    this.disposed = true;
    this.offHealth();
    const closed = new ApiFailure(
      'cancelled',
      'The connection to the cluster was closed (the kubeconfig changed, a hard refresh, or shutting down). Retry.',
    );
    for (const p of [...this.pending]) p.req.destroy(closed);
    this.pending.clear();
    this.agent?.destroy();
    this.streamAgent?.destroy();
  }
}
