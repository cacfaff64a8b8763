/** What identifies a file's content on disk without reading it (git's index uses the same idea). */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/**
 * Parsed working-copy files by (path, stamp): a load stats a file and reuses its parsed documents
 * while size, times and inode are unchanged, with no read and no hash. Oldest entries go first
 * once `maxEntries` is reached.
 */
export class StampedDocs<T> {
  private readonly entries = new Map<string, { stamp: FileStamp; value: T }>();

  constructor(private readonly maxEntries = 20000) {}

  /** The value stored for `key`: with a stamp only if it still matches, without one as stored. */
  get(key: string, stamp?: FileStamp): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (stamp && !sameStamp(e.stamp, stamp)) return undefined;
    return e.value;
  }

  set(key: string, stamp: FileStamp, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { stamp, value });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}
