import type { LogLine } from '../../../src-shared/model';

export interface ShownLine {
  /** Running number of the line since the stream started, a stable React key. */
  n: number;
  /** Prefix naming the pod (and container) when several are followed together. */
  prefix: string;
  text: string;
}

/**
 * The lines a log view holds: a ring of at most `capacity` lines (older ones drop off, so a
 * chatty pod cannot grow the page without bound), with the pod / container prefix of
 * `kubectl logs -l --prefix` when more than one source is followed.
 */
export class LogBuffer {
  private lines: ShownLine[] = [];
  private next = 0;
  dropped = 0;

  constructor(
    readonly capacity: number,
    private readonly prefixWith: 'none' | 'pod' | 'pod-container',
  ) {}

  push(batch: LogLine[], droppedUpstream = 0): void {
    this.dropped += droppedUpstream;
    for (const l of batch) {
      const prefix =
        this.prefixWith === 'none'
          ? ''
          : this.prefixWith === 'pod'
            ? `[${l.pod}] `
            : `[${l.pod}/${l.container}] `;
      this.lines.push({ n: this.next++, prefix, text: l.text });
    }
    if (this.lines.length > this.capacity) {
      const over = this.lines.length - this.capacity;
      this.lines.splice(0, over);
      this.dropped += over;
    }
  }

  get size(): number {
    return this.lines.length;
  }

  /** Running number of the next line pushed: lines numbered below it have been seen. */
  get nextNumber(): number {
    return this.next;
  }

  /** Lines pushed since `n` (by running number) that match `query`, oldest first. */
  since(n: number, query: string): ShownLine[] {
    const first = this.lines.findIndex((l) => l.n >= n);
    if (first < 0) return [];
    const fresh = this.lines.slice(first);
    const q = query.trim().toLowerCase();
    return q ? fresh.filter((l) => (l.prefix + l.text).toLowerCase().includes(q)) : fresh;
  }

  /** Lines containing `query` (case-insensitive, prefix included); all lines for an empty query. */
  view(query: string): ShownLine[] {
    const q = query.trim().toLowerCase();
    if (!q) return this.lines;
    return this.lines.filter((l) => (l.prefix + l.text).toLowerCase().includes(q));
  }

  toText(query = ''): string {
    return this.view(query)
      .map((l) => l.prefix + l.text)
      .join('\n');
  }
}
