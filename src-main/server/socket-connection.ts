import type { RawData, WebSocket } from 'ws';
import type { Dispatch } from '../api/dispatcher';
import { handleSocketMessage, rawText } from './socket-messages';

export interface ConnectionLimits {
  /**
   * Requests of one socket being handled or written out at once; more wait, with reading paused.
   * Generous, so that calls stuck on an unreachable cluster do not hold up the rest.
   */
  maxInFlight: number;
  /** Bytes of requests in flight; one request always runs, whatever its size. */
  maxInFlightBytes: number;
  /** Messages waiting for a free slot before the socket is closed as abusive. */
  maxQueued: number;
  /** Unsent output above this is a reader falling behind; it must catch up within stallMs. */
  softBufferBytes: number;
  /** Unsent output above this closes the socket at once. */
  hardBufferBytes: number;
  stallMs: number;
  /** Time allowed for the first message (the tab's secret). */
  authTimeoutMs: number;
}

export const defaultLimits: ConnectionLimits = {
  maxInFlight: 32,
  maxInFlightBytes: 128 * 1024 * 1024,
  maxQueued: 4096,
  softBufferBytes: 16 * 1024 * 1024,
  // Above the largest single answer (a 20 MiB file read, up to 60 MiB as UTF-8) so that one
  // legitimate answer never trips it on its own.
  hardBufferBytes: 96 * 1024 * 1024,
  stallMs: 15_000,
  authTimeoutMs: 10_000,
};

/** WebSocket close codes this server uses (4000-4999 are for applications). */
export const closeCodes = {
  unauthorized: 4401,
  tooMany: 4429,
} as const;

export interface ConnectionOptions {
  dispatch: Dispatch;
  limits: ConnectionLimits;
  /** Checks the first message's secret; true opens the API to this socket. */
  authenticate(secret: unknown): boolean;
  log(message: string): void;
}

/**
 * One browser tab's socket: sign-in by the first message, then requests with bounded work and
 * bounded output. Nothing a client sends can throw out of here.
 */
export class SocketConnection {
  private authenticated = false;
  private inFlight = 0;
  private inFlightBytes = 0;
  private readonly queue: RawData[] = [];
  private stallTimer: NodeJS.Timeout | null = null;
  private readonly authTimer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly options: ConnectionOptions,
  ) {
    // ws reports bad frames (invalid UTF-8, over maxPayload) as 'error' and closes the socket
    // itself; without a listener the emitter would throw and take the process down.
    ws.on('error', (err) => options.log(`WebSocket closed after an error: ${err.message}`));
    ws.on('close', () => this.dispose());
    ws.on('message', (data, isBinary) => {
      try {
        this.receive(data, isBinary);
      } catch (err) {
        options.log(`Message dropped: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    this.authTimer = setTimeout(
      () => this.close(closeCodes.unauthorized, 'Sign-in timed out'),
      options.limits.authTimeoutMs,
    );
  }

  /** Sends an event; a reader that cannot keep up is disconnected rather than buffered forever. */
  sendEvent(message: string): void {
    if (!this.authenticated || this.ws.readyState !== this.ws.OPEN) return;
    this.write(message, () => this.pump());
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (!this.authenticated) return this.signIn(data, isBinary);
    if (isBinary) return;
    if (this.queue.length >= this.options.limits.maxQueued) {
      return this.close(closeCodes.tooMany, 'Too many requests waiting');
    }
    this.queue.push(data);
    this.pump();
  }

  /** True while this client may have more work started for it. */
  private get hasRoom(): boolean {
    const { maxInFlight, maxInFlightBytes, softBufferBytes } = this.options.limits;
    if (this.inFlight === 0) return this.ws.bufferedAmount <= softBufferBytes;
    // A client that is not reading its answers gets no more work done for it until it does.
    return (
      this.inFlight < maxInFlight &&
      this.inFlightBytes + size(this.queue[0]!) <= maxInFlightBytes &&
      this.ws.bufferedAmount <= softBufferBytes
    );
  }

  private pump(): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    while (this.queue.length > 0 && this.hasRoom) this.start(this.queue.shift()!);
    // Stop reading while requests wait: TCP pushes back on the client.
    if (this.queue.length > 0) this.ws.pause();
    else if (this.ws.isPaused) this.ws.resume();
  }

  private signIn(data: RawData, isBinary: boolean): void {
    let secret: unknown;
    try {
      const message = isBinary ? null : (JSON.parse(rawText(data)) as unknown);
      if (typeof message === 'object' && message !== null && (message as { t?: unknown }).t === 'auth')
        secret = (message as { secret?: unknown }).secret;
    } catch {
      secret = undefined;
    }
    if (!this.options.authenticate(secret)) {
      return this.close(closeCodes.unauthorized, 'Not signed in');
    }
    clearTimeout(this.authTimer);
    this.authenticated = true;
    this.write(JSON.stringify({ t: 'auth-ok' }));
  }

  private start(data: RawData): void {
    const bytes = size(data);
    this.inFlight++;
    this.inFlightBytes += bytes;
    const finish = () => this.finish(bytes);
    handleSocketMessage(data, this.options.dispatch, () => this.ws.readyState === this.ws.OPEN)
      .then((reply) => (reply === null ? finish() : this.write(reply, finish)))
      .catch((err: unknown) => {
        this.options.log(`Request failed: ${err instanceof Error ? err.message : String(err)}`);
        finish();
      });
  }

  /** A request's slot is free once its answer has been handed to the kernel, not before. */
  private finish(bytes: number): void {
    this.inFlight--;
    this.inFlightBytes -= bytes;
    this.pump();
  }

  private write(message: string, done?: () => void): void {
    if (this.ws.readyState !== this.ws.OPEN) {
      done?.();
      return;
    }
    this.ws.send(message, () => done?.());
    this.watchBuffer();
  }

  private watchBuffer(): void {
    const { softBufferBytes, hardBufferBytes, stallMs } = this.options.limits;
    const buffered = this.ws.bufferedAmount;
    if (buffered > hardBufferBytes) {
      this.options.log(`Closing a socket that stopped reading (${buffered} bytes unsent)`);
      this.ws.terminate();
      return;
    }
    if (buffered > softBufferBytes && !this.stallTimer) {
      this.stallTimer = setTimeout(() => {
        this.stallTimer = null;
        if (this.ws.bufferedAmount > softBufferBytes) {
          this.options.log(`Closing a socket that reads too slowly (${this.ws.bufferedAmount} bytes unsent)`);
          this.ws.terminate();
        }
      }, stallMs);
    }
  }

  private close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.close(code, reason);
    else this.ws.terminate();
    this.dispose();
  }

  /** Drops everything this socket held, so its memory goes when it goes. */
  private dispose(): void {
    clearTimeout(this.authTimer);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = null;
    this.queue.length = 0;
  }
}

function size(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data.byteLength;
}
