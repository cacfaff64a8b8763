import { randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { indexTreeOids, parseIndex, type IndexEntry } from './git-index';

/**
 * What a status keeps between calls. Every entry is checked against the thing it was taken from
 * before it is used (a file's or folder's stat data, the index's whole content), so a change by
 * another program, git included, is never missed. A hash or listing taken in the clock tick of
 * its file's or folder's last change is not kept at all ("racy git").
 */
export class StatusCache {
  private readonly hashes = new Map<string, Hashed>();
  private readonly listings = new Map<string, Listing>();
  private readonly indexes = new Map<string, ParsedIndex>();
  /** Per git folder: whether its file system changes a folder's stat data when entries come and go. */
  private readonly folderStamps = new Map<string, boolean>();

  /** The blob oid hashed for a working-copy file at these stat data, if any. */
  hash(abs: string, s: StatKey): string | undefined {
    const h = this.hashes.get(abs);
    return h && sameStat(h, s) ? h.oid : undefined;
  }

  rememberHash(abs: string, hashed: StatKey & { oid: string }, readStartedMs: number): void {
    // A file changed in the clock tick it was read in may change again without new stat data.
    if (hashed.mtimeMs >= readStartedMs - RACY_MARGIN_MS) return;
    if (this.hashes.size >= MAX_CACHED) this.hashes.clear();
    this.hashes.set(abs, hashed);
  }

  /**
   * A folder's entries, or null when it is not a folder (or cannot be listed). Adding, removing
   * or renaming an entry changes the folder's own stat data, so a listing is reused while those
   * stay the same; one taken in the tick the folder last changed is not kept. `follow` lists the
   * target of a symbolic link (the repository's own folder may be one).
   */
  list(abs: string, follow = false, reuse = true): FolderEntry[] | null {
    let s;
    try {
      s = follow ? statSync(abs, { throwIfNoEntry: false }) : lstatSync(abs, { throwIfNoEntry: false });
    } catch {
      return null;
    }
    if (!s?.isDirectory()) return null;
    const key = { mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, size: s.size, ino: s.ino };
    const cached = this.listings.get(abs);
    if (reuse && cached && sameStat(cached, key)) return cached.entries;
    const listedAtMs = Date.now();
    let entries: FolderEntry[];
    try {
      entries = readdirSync(abs, { withFileTypes: true }).map((d) => ({
        name: d.name,
        folder: d.isDirectory(),
      }));
    } catch {
      return null;
    }
    if (reuse && Math.max(key.mtimeMs, key.ctimeMs) < listedAtMs - RACY_MARGIN_MS) {
      if (this.listings.size >= MAX_CACHED) this.listings.clear();
      this.listings.set(abs, { ...key, entries });
    } else this.listings.delete(abs);
    return entries;
  }

  /**
   * Whether folder listings may be reused in this repository: true once a test folder in `gitdir`
   * was seen to change its stat data when an entry was added and when it was removed. Some file
   * systems (and network mounts) do not, and git itself checks this before trusting them. The
   * test folder's times are first set in the past, so a coarse clock cannot hide a change.
   */
  foldersTellChanges(gitdir: string): boolean {
    let known = this.folderStamps.get(gitdir);
    if (known !== undefined) return known;
    const probe = join(gitdir, `${PROBE_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    const past = new Date(Date.now() - 3_600_000);
    const stampNow = () => {
      const s = statSync(probe);
      return { mtimeMs: s.mtimeMs, ctimeMs: 0, size: s.size, ino: s.ino };
    };
    try {
      mkdirSync(probe);
      utimesSync(probe, past, past);
      const empty = stampNow();
      writeFileSync(join(probe, 'entry'), '');
      const added = stampNow();
      utimesSync(probe, past, past);
      const before = stampNow();
      rmSync(join(probe, 'entry'));
      known = !sameStat(empty, added) && !sameStat(before, stampNow());
    } catch {
      known = false;
    } finally {
      try {
        rmSync(probe, { recursive: true, force: true });
      } catch {
        // Left for the cleanup of .gitops-tmp- names at the next start (stale-files.ts).
      }
    }
    this.folderStamps.set(gitdir, known);
    return known;
  }

  /**
   * The index's entries and the tree oids they make (see indexTreeOids), parsed again only when
   * the file's content differs from the last one read: comparing bytes costs microseconds, parsing
   * thousands of entries and hashing their trees milliseconds.
   */
  index(path: string): ParsedIndex {
    let buf: Buffer;
    try {
      buf = readFileSync(path);
    } catch {
      this.indexes.delete(path);
      return NO_INDEX;
    }
    const cached = this.indexes.get(path);
    if (cached?.content.equals(buf)) return cached;
    const entries = parseIndex(buf, path) ?? [];
    const parsed = { content: buf, entries, treeOids: indexTreeOids(entries) };
    this.indexes.set(path, parsed);
    return parsed;
  }
}

export interface FolderEntry {
  name: string;
  folder: boolean;
}

export interface ParsedIndex {
  content: Buffer;
  entries: readonly IndexEntry[];
  treeOids: ReadonlyMap<string, string>;
}

interface StatKey {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
  ino: number;
}

interface Hashed extends StatKey {
  oid: string;
}

interface Listing extends StatKey {
  entries: FolderEntry[];
}

const NO_INDEX: ParsedIndex = { content: Buffer.alloc(0), entries: [], treeOids: indexTreeOids([]) };
const RACY_MARGIN_MS = 50;
/** Temp names in .git that stale-files.ts removes when a crash left them. */
const PROBE_PREFIX = '.gitops-tmp-folder-test-';
const MAX_CACHED = 100_000;

function sameStat(a: StatKey, b: StatKey): boolean {
  return a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.size === b.size && a.ino === b.ino;
}
