import type { ApiFailure } from '../../../src-shared/errors';
import type { ConnectionState, ConnectionStatus } from '../../../src-shared/model';

/** Failures that say something about the connection as a whole, not about one request. */
const connectionCodes: Partial<Record<string, ConnectionStatus>> = {
  unreachable: 'unreachable',
  timeout: 'timeout',
  tls: 'tls',
  unauthorized: 'unauthorized',
};

/** Statuses in which requests are not worth sending until a probe has seen the server again. */
const downStatuses = new Set<ConnectionStatus>(['unreachable', 'timeout']);

export interface RequestTimeouts {
  /** Until the TCP (and TLS) connection is up. */
  connectMs: number;
  /** For the whole request. */
  requestMs: number;
}

export interface TimeoutPolicy {
  /** Connect timeout while the server is thought to be up. */
  connectMs: number;
  /** Connect and request timeout while the server is known to be down (and of the probe). */
  downMs: number;
  /** A request unanswered for this long has the server probed, in case it froze or vanished. */
  slowMs: number;
}

export const defaultTimeoutPolicy: TimeoutPolicy = { connectMs: 5000, downMs: 3000, slowMs: 5000 };

/**
 * The timeouts of one request. A server that answered a moment ago gets the request's own timeout
 * (long lists and applies may take a while) and a few seconds to accept the connection. Once the
 * server is known to be down, nobody should wait long for it: every timeout shrinks to `downMs`.
 */
export function requestTimeouts(
  requestMs: number,
  status: ConnectionStatus,
  policy: TimeoutPolicy = defaultTimeoutPolicy,
): RequestTimeouts {
  if (downStatuses.has(status)) {
    const ms = Math.min(requestMs, policy.downMs);
    return { connectMs: ms, requestMs: ms };
  }
  return { connectMs: Math.min(requestMs, policy.connectMs), requestMs };
}

/**
 * What the latest requests to one API server say about it. A network failure marks it unreachable
 * at once; any HTTP answer marks it connected again. Listeners hear each change of status.
 */
export class ConnectionHealth {
  private current: ConnectionState;
  private readonly listeners = new Set<(state: ConnectionState) => void>();

  constructor(readonly context: string) {
    this.current = { context, status: 'unknown' };
  }

  get state(): ConnectionState {
    return this.current;
  }

  get status(): ConnectionStatus {
    return this.current.status;
  }

  /** True while requests should not wait on the server (it did not answer the last time). */
  get down(): boolean {
    return downStatuses.has(this.current.status);
  }

  /** An HTTP answer came back: the server is there (401 says the credentials are not). */
  answered(httpStatus: number, message?: string, serverVersion?: string): void {
    if (httpStatus === 401) {
      this.set({
        context: this.context,
        status: 'unauthorized',
        ...(message ? { message } : {}),
      });
      return;
    }
    const version = serverVersion ?? this.current.serverVersion;
    this.set({ context: this.context, status: 'connected', ...(version ? { serverVersion: version } : {}) });
  }

  /** A request failed without an HTTP answer (or with one that concerns every request). */
  failed(failure: ApiFailure): void {
    const status = connectionCodes[failure.code];
    if (!status) return;
    this.set({ context: this.context, status, message: failure.message });
  }

  onChange(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(next: ConnectionState): void {
    const prev = this.current;
    this.current = next;
    if (prev.status === next.status && prev.message === next.message) return;
    for (const l of [...this.listeners]) {
      try {
        l(next);
      } catch {
        // A listener's failure must not break the requests that report here.
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
