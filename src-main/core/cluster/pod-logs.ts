import type http from 'node:http';
import https from 'node:https';
import { randomUUID } from 'node:crypto';
import type { LogBatch, LogLine, LogOptions } from '../../../src-shared/model';
import type { ClusterConnection } from './cluster-connection';
import { str } from './kube-object';

/** One (pod, container) whose log is read. */
export interface LogSource {
  namespace: string;
  pod: string;
  container: string;
}

interface Stream {
  id: string;
  requests: http.ClientRequest[];
  pending: LogLine[];
  dropped: number;
  open: number;
  timer: NodeJS.Timeout | undefined;
  ended: { pod: string; container: string; message?: string }[];
}

/** Lines are handed on in batches: one event per interval, whatever the rate. */
const FLUSH_MS = 50;
/** A batch never grows past this; older lines go first (counted in `dropped`) when a reader lags. */
const MAX_PENDING = 5000;
/** Streams left open by a window that went away are closed oldest first past this number. */
const MAX_STREAMS = 16;

/**
 * Follows pod logs by streaming (`follow=true`), not polling: each container's log is one
 * long-lived GET through kube-apiserver to the node's kubelet. Lines of every container of a stream
 * are merged, prefixed by their pod and container, and emitted in bounded batches.
 */
export class PodLogStreams {
  private readonly streams = new Map<string, Stream>();

  constructor(private readonly emit: (batch: LogBatch) => void) {}

  async start(conn: ClusterConnection, sources: LogSource[], options: LogOptions): Promise<string> {
    while (this.streams.size >= MAX_STREAMS) this.stop(this.streams.keys().next().value!);
    const stream: Stream = {
      id: randomUUID(),
      requests: [],
      pending: [],
      dropped: 0,
      open: sources.length,
      timer: undefined,
      ended: [],
    };
    this.streams.set(stream.id, stream);
    for (const source of sources) {
      const q = new URLSearchParams({ container: source.container, timestamps: String(options.timestamps) });
      if (options.follow && !options.previous) q.set('follow', 'true');
      if (options.previous) q.set('previous', 'true');
      q.set('tailLines', String(options.tailLines));
      const path = `/api/v1/namespaces/${encodeURIComponent(source.namespace)}/pods/${encodeURIComponent(source.pod)}/log?${q}`;
      await this.open(conn, stream, source, path);
    }
    return stream.id;
  }

  stop(id: string): boolean {
    const stream = this.streams.get(id);
    if (!stream) return false;
    this.streams.delete(id);
    if (stream.timer) clearTimeout(stream.timer);
    for (const r of stream.requests) r.destroy();
    return true;
  }

  dispose(): void {
    for (const id of [...this.streams.keys()]) this.stop(id);
  }

  private async open(conn: ClusterConnection, stream: Stream, source: LogSource, path: string) {
    const url = new URL(conn.http.server + path);
    const opts: https.RequestOptions = {
      method: 'GET',
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || undefined,
      path: url.pathname + url.search,
      headers: { Accept: '*/*' },
    };
    try {
      await conn.kc.applyToHTTPSOptions(opts);
    } catch (err) {
      this.end(stream, source, `Could not get credentials: ${(err as Error).message}`);
      return;
    }
    // applyToHTTPSOptions gives this request an agent of its own: a followed log holds its socket
    // for as long as it is open, never one of the pooled ones other requests wait for.
    const req = https.request(opts, (res) => {
      const status = res.statusCode ?? 0;
      let partial = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        partial += chunk;
        if (status >= 300) return;
        const parts = partial.split('\n');
        partial = parts.pop()!;
        for (const text of parts) {
          this.push(stream, { pod: source.pod, container: source.container, text });
        }
      });
      res.on('end', () => {
        if (status >= 300) {
          this.end(stream, source, statusMessage(partial) ?? `The server answered ${status}.`);
          return;
        }
        if (partial) this.push(stream, { pod: source.pod, container: source.container, text: partial });
        this.end(stream, source);
      });
      res.on('error', (err) => this.end(stream, source, err.message));
    });
    req.on('error', (err) => this.end(stream, source, err.message));
    req.end();
    stream.requests.push(req);
  }

  private push(stream: Stream, line: LogLine): void {
    if (!this.streams.has(stream.id)) return;
    stream.pending.push(line);
    if (stream.pending.length > MAX_PENDING) {
      const over = stream.pending.length - MAX_PENDING;
      stream.pending.splice(0, over);
      stream.dropped += over;
    }
    stream.timer ??= setTimeout(() => this.flush(stream), FLUSH_MS);
  }

  private end(stream: Stream, source: LogSource, message?: string): void {
    if (!this.streams.has(stream.id)) return;
    stream.ended.push({ pod: source.pod, container: source.container, ...(message ? { message } : {}) });
    stream.open--;
    if (stream.timer) clearTimeout(stream.timer);
    this.flush(stream);
  }

  private flush(stream: Stream): void {
    stream.timer = undefined;
    if (!this.streams.has(stream.id)) return;
    const batch: LogBatch = {
      streamId: stream.id,
      lines: stream.pending,
      ...(stream.dropped ? { dropped: stream.dropped } : {}),
      ...(stream.ended.length ? { ended: stream.ended } : {}),
      ...(stream.open <= 0 ? { finished: true } : {}),
    };
    stream.pending = [];
    stream.dropped = 0;
    stream.ended = [];
    if (batch.finished) this.streams.delete(stream.id);
    this.emit(batch);
  }
}

/** The `message` of a Kubernetes Status body, which says why logs cannot be read. */
function statusMessage(body: string): string | undefined {
  try {
    return str(JSON.parse(body), 'message');
  } catch {
    return body.trim() || undefined;
  }
}
