import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, inflateSync } from 'node:zlib';
import type { GitRepo } from './git-repo';

/** Compressed bytes read to find a size: enough for any deflate block header, and bounded output. */
const PEEK_BYTES = 2048;

/**
 * The size of an object's content, read from its header without inflating the content: the loose
 * object's "<type> <size>\0" header, or the packfile entry's size (for a delta, the size of the
 * object it rebuilds). A small file can inflate to gigabytes, so callers check this first.
 * Returns null when the object is not found here.
 */
export async function objectSize(repo: GitRepo, oid: string): Promise<number | null> {
  // The packs first: their indexes are in memory, while a loose lookup is a file open that fails
  // for every packed object.
  const packed = await packedSize(repo, oid);
  if (packed !== null) return packed;
  return looseSize(join(repo.gitdir, 'objects', oid.slice(0, 2), oid.slice(2)));
}

/** Up to `length` bytes of a file from `position`; null when the file cannot be opened. */
export async function readAt(path: string, position: number, length: number): Promise<Buffer | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The start of a zlib stream, inflated as far as the given bytes reach. Synchronous: a size needs
 * a few bytes of output, and at most PEEK_BYTES of input bounds the work.
 */
function inflatePrefix(compressed: Buffer): Buffer | null {
  try {
    return inflateSync(compressed, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return null;
  }
}

async function looseSize(path: string): Promise<number | null> {
  const head = await readAt(path, 0, PEEK_BYTES);
  if (!head || head.length === 0) return null;
  const out = inflatePrefix(head);
  if (!out) return null;
  const nul = out.indexOf(0);
  const match = /^(blob|tree|commit|tag) (\d+)$/.exec(out.subarray(0, nul < 0 ? 0 : nul).toString('latin1'));
  return match ? Number(match[2]) : null;
}

export interface PackIndex {
  pack: string;
  idx: Buffer;
  count: number;
}

const indexCache = new WeakMap<object, Promise<PackIndex[]>>();

/** The pack indexes of the repository, read once per operation (the repo's cache object). */
export function packIndexes(repo: GitRepo): Promise<PackIndex[]> {
  let cached = indexCache.get(repo.cache);
  if (!cached) {
    cached = loadPackIndexes(join(repo.gitdir, 'objects', 'pack'));
    indexCache.set(repo.cache, cached);
  }
  return cached;
}

async function loadPackIndexes(dir: string): Promise<PackIndex[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: PackIndex[] = [];
  for (const name of names) {
    if (!name.endsWith('.idx')) continue;
    const path = join(dir, name);
    const size = (await stat(path)).size;
    const idx = await readAt(path, 0, size);
    // Version 2 only ("\xfftOc", 2): what git has written since 1.5.2.
    if (!idx || idx.length < 8 + 1024 || idx.readUInt32BE(0) !== 0xff744f63 || idx.readUInt32BE(4) !== 2)
      continue;
    out.push({ pack: join(dir, name.replace(/\.idx$/, '.pack')), idx, count: idx.readUInt32BE(8 + 255 * 4) });
  }
  return out;
}

export function findOffset(index: PackIndex, oid: string): number | null {
  const { idx, count } = index;
  const target = Buffer.from(oid, 'hex');
  const first = target[0]!;
  let lo = first === 0 ? 0 : idx.readUInt32BE(8 + (first - 1) * 4);
  let hi = idx.readUInt32BE(8 + first * 4);
  const names = 8 + 1024;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const cmp = idx.compare(target, 0, 20, names + mid * 20, names + mid * 20 + 20);
    if (cmp === 0) {
      const offsets = names + count * 20 + count * 4;
      const small = idx.readUInt32BE(offsets + mid * 4);
      if (!(small & 0x80000000)) return small;
      const large = offsets + count * 4 + (small & 0x7fffffff) * 8;
      return Number(idx.readBigUInt64BE(large));
    }
    // idx.compare(target, ...) < 0: the entry at `mid` sorts before the target.
    if (cmp < 0) lo = mid + 1;
    else hi = mid;
  }
  return null;
}

function readVarint(buf: Buffer, start: number): { value: number; next: number } | null {
  let value = 0;
  let shift = 0;
  for (let i = start; i < buf.length; i++) {
    value += (buf[i]! & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(buf[i]! & 0x80)) return { value, next: i + 1 };
  }
  return null;
}

async function packedSize(repo: GitRepo, oid: string): Promise<number | null> {
  for (const index of await packIndexes(repo)) {
    const offset = findOffset(index, oid);
    if (offset === null) continue;
    const entry = await packReader(repo, index.pack)(offset, PEEK_BYTES);
    if (!entry || entry.length === 0) return null;
    const type = (entry[0]! >> 4) & 7;
    let size = entry[0]! & 0x0f;
    let shift = 4;
    let pos = 1;
    for (let b = entry[0]!; b & 0x80; pos++) {
      b = entry[pos]!;
      size += (b & 0x7f) * 2 ** shift;
      shift += 7;
    }
    if (type !== 6 && type !== 7) return size;
    // A delta: its size is the delta's; the rebuilt object's size leads the delta data.
    if (type === 6) {
      while (entry[pos]! & 0x80) pos++;
      pos++;
    } else {
      pos += 20;
    }
    const delta = inflatePrefix(entry.subarray(pos));
    const base = delta && readVarint(delta, 0);
    const result = delta && base && readVarint(delta, base.next);
    return result ? result.value : null;
  }
  return null;
}

async function readPackAt(pack: string, position: number, length: number): Promise<Buffer> {
  const buf = await readAt(pack, position, length);
  if (!buf) throw new Error(`cannot open ${pack}`);
  return buf;
}

/** Packs up to this size are read whole, once per repository cache, as isomorphic-git does. */
const MAX_BUFFERED_PACK = 64 * 1024 * 1024;
const packBuffers = new WeakMap<object, Map<string, Promise<Buffer | null>>>();

/** Reads of one pack: from memory when it is small enough, else one file read each. */
export function packReader(
  repo: GitRepo,
  pack: string,
): (position: number, length: number) => Promise<Buffer> {
  let buffers = packBuffers.get(repo.cache);
  if (!buffers) packBuffers.set(repo.cache, (buffers = new Map()));
  let whole = buffers.get(pack);
  if (!whole) {
    whole = stat(pack).then(
      (s) => (s.size <= MAX_BUFFERED_PACK ? readFile(pack) : null),
      () => null,
    );
    buffers.set(pack, whole);
  }
  const buffered = whole;
  return async (position, length) => {
    const buf = await buffered;
    return buf
      ? buf.subarray(position, Math.min(buf.length, position + length))
      : readPackAt(pack, position, length);
  };
}
