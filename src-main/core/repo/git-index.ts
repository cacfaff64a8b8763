import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** One entry of .git/index: the stat data git compares to tell a clean file without reading it. */
export interface IndexEntry {
  path: string;
  oid: string;
  mode: number;
  ctimeSec: number;
  ctimeNsec: number;
  mtimeSec: number;
  mtimeNsec: number;
  ino: number;
  size: number;
  /** Merge stage: 0 normally, 1-3 for an unresolved conflict. */
  stage: number;
  /** The entry as stored: fixed fields, flags, name and padding (copied as is when rewriting). */
  raw: Buffer;
  /** Has version 3's extended flags (needs a version 3 index). */
  extended: boolean;
}

/**
 * Reads index versions 2 and 3 (the ones isomorphic-git writes and reads; repo-location.ts refuses
 * the others). Returns null when there is no index yet. With `verify`, a file whose trailing
 * checksum does not match is refused, as git does before rewriting it.
 */
export async function readIndex(path: string, verify = false): Promise<IndexEntry[] | null> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    return null;
  }
  return parseIndex(buf, path, verify);
}

/** The entries of an index file's content (see readIndex); `path` names it in errors. */
export function parseIndex(buf: Buffer, path: string, verify = false): IndexEntry[] | null {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new Error(`index version ${version} is not supported`);
  if (verify) {
    const sum = createHash('sha1')
      .update(buf.subarray(0, buf.length - 20))
      .digest();
    if (buf.length < 32 || !sum.equals(buf.subarray(buf.length - 20)))
      throw new Error(`${path} is damaged (its checksum does not match); run "git status" to see git's view`);
  }
  const count = buf.readUInt32BE(8);
  const entries: IndexEntry[] = [];
  let pos = 12;
  for (let i = 0; i < count; i++) {
    const start = pos;
    const flags = buf.readUInt16BE(start + 60);
    const extended = version === 3 && (flags & 0x4000) !== 0;
    const nameStart = start + 62 + (extended ? 2 : 0);
    const nameEnd = buf.indexOf(0, nameStart);
    // Entries are padded with 1-8 NULs to a multiple of 8 bytes.
    pos = start + (Math.floor((nameEnd - start) / 8) + 1) * 8;
    entries.push({
      ctimeSec: buf.readUInt32BE(start),
      ctimeNsec: buf.readUInt32BE(start + 4),
      mtimeSec: buf.readUInt32BE(start + 8),
      mtimeNsec: buf.readUInt32BE(start + 12),
      ino: buf.readUInt32BE(start + 20),
      mode: buf.readUInt32BE(start + 24),
      size: buf.readUInt32BE(start + 36),
      oid: buf.toString('hex', start + 40, start + 60),
      stage: (flags >> 12) & 3,
      path: buf.toString('utf8', nameStart, nameEnd),
      raw: buf.subarray(start, pos),
      extended,
    });
  }
  return entries;
}

const U32 = 2n ** 32n;
const NS = 1_000_000_000n;

/** A merged (stage 0) entry for a working-copy file, with the stat data git records for it. */
export function newIndexEntry(path: string, oid: string, mode: number, s: BigIntStats): IndexEntry {
  const name = Buffer.from(path);
  const raw = Buffer.alloc(Math.ceil((62 + name.length + 1) / 8) * 8);
  const fields = {
    ctimeSec: Number((s.ctimeNs / NS) % U32),
    ctimeNsec: Number(s.ctimeNs % NS),
    mtimeSec: Number((s.mtimeNs / NS) % U32),
    mtimeNsec: Number(s.mtimeNs % NS),
    ino: Number(s.ino % U32),
    size: Number(s.size % U32),
  };
  const words = [
    fields.ctimeSec,
    fields.ctimeNsec,
    fields.mtimeSec,
    fields.mtimeNsec,
    Number(s.dev % U32),
    fields.ino,
    mode,
    Number(s.uid % U32),
    Number(s.gid % U32),
    fields.size,
  ];
  words.forEach((w, i) => raw.writeUInt32BE(w, i * 4));
  raw.write(oid, 40, 'hex');
  raw.writeUInt16BE(Math.min(name.length, 0xfff), 60);
  name.copy(raw, 62);
  return { ...fields, path, oid, mode, stage: 0, raw, extended: false };
}

/**
 * The index file for entries already in git's order, without extensions (as isomorphic-git
 * writes it: a cache-tree kept from before would describe trees that no longer match).
 */
export function encodeIndex(entries: readonly IndexEntry[]): Buffer {
  // Runs of entries kept from the file read are still contiguous in its buffer: copy them whole.
  const runs: { buffer: ArrayBufferLike; start: number; end: number }[] = [];
  let length = 12;
  let extended = false;
  for (const { raw, extended: ext } of entries) {
    length += raw.length;
    extended ||= ext;
    const last = runs[runs.length - 1];
    if (last && last.buffer === raw.buffer && last.end === raw.byteOffset) last.end += raw.length;
    else runs.push({ buffer: raw.buffer, start: raw.byteOffset, end: raw.byteOffset + raw.length });
  }
  const out = Buffer.allocUnsafe(length + 20);
  out.write('DIRC', 0, 'latin1');
  out.writeUInt32BE(extended ? 3 : 2, 4);
  out.writeUInt32BE(entries.length, 8);
  let pos = 12;
  for (const run of runs) pos += Buffer.from(run.buffer, run.start, run.end - run.start).copy(out, pos);
  createHash('sha1').update(out.subarray(0, length)).digest().copy(out, length);
  return out;
}

/** git's index order: by path bytes, then by stage. */
export function indexOrder(a: IndexEntry, b: IndexEntry): number {
  return comparePaths(a.path, b.path) || a.stage - b.stage;
}

/** Byte order of two paths (UTF-16 order is byte order for ASCII; other names compare as UTF-8). */
export function comparePaths(a: string, b: string): number {
  if (!NOT_PRINTABLE_ASCII.test(a) && !NOT_PRINTABLE_ASCII.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export interface TreeItem {
  name: string;
  mode: string;
  /** Hex; set for a folder once its own tree is hashed. */
  oid: string;
  isTree: boolean;
}

const NOT_PRINTABLE_ASCII = /[^ -~]/;

/** git's tree order: by name bytes, a folder's name compared as if it ended in "/". */
export function treeOrder(a: TreeItem, b: TreeItem): number {
  return comparePaths(a.isTree ? `${a.name}/` : a.name, b.isTree ? `${b.name}/` : b.name);
}

/** A tree object's content for its items (sorted here into git's tree order). */
export function encodeTree(items: TreeItem[]): Buffer {
  items.sort(treeOrder);
  let length = 0;
  for (const item of items) length += item.mode.length + 2 + Buffer.byteLength(item.name) + 20;
  const body = Buffer.allocUnsafe(length);
  let pos = 0;
  for (const item of items) {
    pos += body.write(`${item.mode} ${item.name}\0`, pos);
    pos += body.write(item.oid, pos, 'hex');
  }
  return body;
}

/**
 * The oid of the tree git would write for every folder of the index's merged (stage 0) entries,
 * by folder path ('' = root), computed in memory. Where one equals the tree HEAD has at that
 * path, the index holds exactly HEAD's files there, so they need not be read: this is what git's
 * cache-tree extension records, worked out afresh from the index itself, so it is never stale.
 */
export function indexTreeOids(entries: readonly IndexEntry[]): Map<string, string> {
  const folders = new Map<string, TreeItem[]>([['', []]]);
  const itemsOf = (folder: string): TreeItem[] => {
    let items = folders.get(folder);
    if (!items) {
      items = [];
      folders.set(folder, items);
      const slash = folder.lastIndexOf('/');
      const parent = slash < 0 ? '' : folder.slice(0, slash);
      itemsOf(parent).push({ name: folder.slice(slash + 1), mode: '40000', oid: '', isTree: true });
    }
    return items;
  };
  for (const e of entries) {
    if (e.stage !== 0) continue;
    const slash = e.path.lastIndexOf('/');
    itemsOf(slash < 0 ? '' : e.path.slice(0, slash)).push({
      name: e.path.slice(slash + 1),
      mode: e.mode.toString(8),
      oid: e.oid,
      isTree: false,
    });
  }
  const oids = new Map<string, string>();
  const hash = (folder: string): string => {
    const items = folders.get(folder)!;
    for (const item of items) {
      if (item.isTree) item.oid = hash(folder ? `${folder}/${item.name}` : item.name);
    }
    const body = encodeTree(items);
    const oid = createHash('sha1').update(`tree ${body.length}\0`).update(body).digest('hex');
    oids.set(folder, oid);
    return oid;
  };
  hash('');
  return oids;
}
