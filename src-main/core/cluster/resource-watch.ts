import { ApiFailure } from '../../../src-shared/errors';
import type { ApiResource } from './discovery';
import type { KubeHttp } from './kube-http';
import { isRecord, str, type KubeObject } from './kube-object';
import { resourcePath, type ResourceClient } from './resource-client';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchHandlers {
  /** The full list, after the first list and after every re-list. */
  reset(items: KubeObject[]): void;
  event(type: WatchEventType, object: KubeObject): void;
  /** A failure (then retried with backoff), or undefined once the watch works again. */
  status(error: ApiFailure | undefined): void;
}

/** The server ends a watch after this long; the client gives up on a silent one a little later. */
const watchSeconds = 300;

/**
 * List then watch one resource type in one namespace (or cluster-wide), forever: reconnects with
 * exponential backoff (capped) after failures, re-lists when the server says the resourceVersion is
 * gone (410, after an etcd compaction or an apiserver restart), and resumes from the last seen
 * version when the server ends a watch normally. `wake()` cuts a backoff short once the server is
 * known to be back.
 */
export class ResourceWatch {
  private readonly abort = new AbortController();
  private firstList: Promise<void> | undefined;

  constructor(
    private readonly http: KubeHttp,
    private readonly client: ResourceClient,
    private readonly info: ApiResource,
    private readonly namespace: string,
    private readonly handlers: WatchHandlers,
    private readonly maxBackoffMs = 5000,
  ) {}

  private wakeUp: (() => void) | undefined;

  /** Retries at once if the loop is waiting out a backoff. */
  wake(): void {
    this.wakeUp?.();
  }

  private sleep(ms: number): Promise<void> {
    const signal = this.abort.signal;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(t);
        signal.removeEventListener('abort', done);
        this.wakeUp = undefined;
        resolve();
      };
      const t = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wakeUp = done;
    });
  }

  /** Starts the loop; resolves after the first list attempt, whether it worked or not. */
  start(): Promise<void> {
    this.firstList ??= new Promise<void>((resolve) => {
      void this.loop(resolve);
    });
    return this.firstList;
  }

  stop(): void {
    this.abort.abort();
  }

  /** Where the watch resumes; undefined means list first. */
  private rv: string | undefined;
  private attempt = 0;

  private async loop(listed: () => void): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        if (this.rv === undefined) {
          const { items, resourceVersion } = await this.client.list(
            this.info,
            this.namespace ? { namespace: this.namespace, signal } : { signal },
          );
          if (signal.aborted) return;
          this.handlers.reset(items);
          this.handlers.status(undefined);
          listed();
          this.attempt = 0;
          this.rv = resourceVersion;
        }
        // A watch that ends (the server's timeout) or breaks (a restart) resumes from the last
        // version seen; only a server that no longer has that version (410) costs a re-list.
        if (await this.watchFrom(this.rv)) this.rv = undefined;
      } catch (err) {
        if (signal.aborted) return;
        this.handlers.status(err instanceof ApiFailure ? err : new ApiFailure('kube', String(err)));
        listed();
        await this.sleep(Math.min(this.maxBackoffMs, 500 * 2 ** this.attempt++));
      }
    }
  }

  /** One watch request from `resourceVersion`; true when the version is gone and a re-list is due. */
  private async watchFrom(resourceVersion: string): Promise<boolean> {
    let expired = false;
    const q = new URLSearchParams({
      watch: '1',
      resourceVersion,
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(watchSeconds),
    });
    const local = new AbortController();
    const onAbort = () => local.abort();
    this.abort.signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.http.stream(
        {
          method: 'GET',
          path: `${resourcePath(this.info, this.namespace)}?${q.toString()}`,
          signal: local.signal,
          timeoutMs: (watchSeconds + 30) * 1000,
        },
        `Watching ${this.info.resource}`,
        (line) => {
          let ev: unknown;
          try {
            ev = JSON.parse(line);
          } catch {
            return;
          }
          if (!isRecord(ev) || !isRecord(ev.object)) return;
          const type = ev.type;
          if (type === 'ERROR') {
            // 410 Gone (our version was compacted away or predates the server's watch cache),
            // or another failure the stream cannot recover from: start over with a fresh list.
            expired = true;
            local.abort();
            return;
          }
          this.rv = str(ev.object, 'metadata.resourceVersion') ?? this.rv;
          if (type === 'BOOKMARK') return;
          if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED')
            this.handlers.event(type, ev.object);
        },
        () => {
          // The server took the watch: whatever failed before works again.
          this.handlers.status(undefined);
          this.attempt = 0;
        },
      );
    } catch (err) {
      if (this.abort.signal.aborted) return false;
      // We cut the stream ourselves after an ERROR event.
      if (expired) return true;
      // Some servers answer the watch request itself with 410 instead of an ERROR event.
      if (err instanceof ApiFailure && isRecord(err.detail) && err.detail.status === 410) return true;
      throw err;
    } finally {
      this.abort.signal.removeEventListener('abort', onAbort);
    }
    return expired;
  }
}
