import { ApiFailure } from '../../../src-shared/errors';
import { isRecord } from '../cluster/kube-object';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True for the server's "slow down": 429 Too Many Requests (API Priority and Fairness rejects with it). */
export function isThrottled(err: unknown): boolean {
  if (!(err instanceof ApiFailure)) return false;
  const d = err.detail;
  return isRecord(d) && (d.status === 429 || d.reason === 'TooManyRequests');
}

/**
 * How long the server asked to wait (its Retry-After header, else the Status body's
 * retryAfterSeconds), when it said so; at most a minute, so a wrong header cannot stall a sync.
 */
function retryAfterMs(err: unknown): number | undefined {
  if (!(err instanceof ApiFailure) || !isRecord(err.detail)) return undefined;
  const s = err.detail.retryAfterSeconds;
  return typeof s === 'number' && s > 0 ? Math.min(60, s) * 1000 : undefined;
}

/**
 * Concurrency that follows the server: starts at `initial`, halves on every 429 (and waits as long
 * as the server asked, or backs off exponentially), and grows back by one after a run of
 * successes. Nothing is retried except throttling: other failures are the caller's to report.
 */
export class ApplyLimiter {
  private limit: number;
  private active = 0;
  private successes = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    initial = 16,
    private readonly max = 64,
    private readonly maxRetries = 8,
  ) {
    this.limit = Math.max(1, initial);
  }

  get concurrency(): number {
    return this.limit;
  }

  private async acquire(): Promise<void> {
    while (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      await this.acquire();
      let out: T;
      try {
        out = await fn();
      } catch (err) {
        this.release();
        if (!isThrottled(err) || attempt >= this.maxRetries) throw err;
        this.limit = Math.max(1, Math.floor(this.limit / 2));
        this.successes = 0;
        await sleep(retryAfterMs(err) ?? Math.min(8000, 250 * 2 ** attempt));
        continue;
      }
      this.release();
      if (++this.successes >= this.limit && this.limit < this.max) {
        this.successes = 0;
        this.limit++;
        this.waiting.shift()?.();
      }
      return out;
    }
  }
}
