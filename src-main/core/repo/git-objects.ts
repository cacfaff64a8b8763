import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import git from 'isomorphic-git';
import type { GitRepo } from './git-repo';
import { findOffset, packIndexes, packReader, type PackIndex } from './object-size';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface RawObject {
  type: ObjectType;
  content: Buffer;
}

const TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** Longest delta chain followed (git packs with --depth 50 unless told otherwise; --aggressive 250). */
const MAX_DEPTH = 4096;

/**
 * One object, read straight from its loose file or packfile. isomorphic-git's readObject first
 * loads the whole packfile and parses every entry of its index (tens of milliseconds for a large
 * history) before it can answer; a status needs one commit and a few trees, so this reads just
 * those entries, following deltas. Each object is checked against its oid; anything unexpected
 * (an index version or entry this does not know, a damaged object) falls back to isomorphic-git.
 */
export async function readObject(repo: GitRepo, oid: string): Promise<RawObject> {
  const own = await readStored(repo, oid);
  if (own) return own;
  const { type, object } = await git.readObject({
    fs: repo.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    oid,
    format: 'content',
    cache: repo.cache,
  });
  return { type: type as ObjectType, content: Buffer.from(object as Uint8Array) };
}

export interface TreeEntry {
  /** As git stores it: `40000` for a folder, `100644`, `100755`, `120000`, `160000`. */
  mode: string;
  name: string;
  oid: string;
}

/** A tree object's entries, in the order git stored them. */
export function parseTree(content: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (let pos = 0; pos < content.length;) {
    const space = content.indexOf(0x20, pos);
    const nul = content.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 21 > content.length) throw new Error('damaged tree object');
    entries.push({
      mode: content.toString('latin1', pos, space),
      name: content.toString('utf8', space + 1, nul),
      oid: content.toString('hex', nul + 1, nul + 21),
    });
    pos = nul + 21;
  }
  return entries;
}

/** One object of the expected type, read as readObject does. */
export async function readTyped(repo: GitRepo, oid: string, type: ObjectType): Promise<Buffer> {
  const object = await readObject(repo, oid);
  if (object.type !== type) throw new Error(`${oid} is a ${object.type}, not a ${type}`);
  return object.content;
}

/** The root tree of a commit (or the tree itself), as isomorphic-git's readTree peels it. */
export async function rootTree(repo: GitRepo, oid: string): Promise<TreeEntry[]> {
  let object = await readObject(repo, oid);
  for (let peel = 0; object.type !== 'tree' && peel < 8; peel++) {
    const ref = /^(?:tree|object) ([0-9a-f]{40})$/m.exec(object.content.toString('latin1', 0, 256))?.[1];
    if (!ref || (object.type !== 'commit' && object.type !== 'tag')) break;
    object = await readObject(repo, ref);
  }
  if (object.type !== 'tree') throw new Error(`${oid} is a ${object.type}, not a tree or commit`);
  return parseTree(object.content);
}

/** The object as this module reads it, or null when only isomorphic-git can. */
export async function readStored(repo: GitRepo, oid: string): Promise<RawObject | null> {
  const own = await readOwn(repo, oid, 0).catch(() => null);
  return own && hashOf(own) === oid ? own : null;
}

function hashOf({ type, content }: RawObject): string {
  return createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
}

async function readOwn(repo: GitRepo, oid: string, depth: number): Promise<RawObject | null> {
  // The packs first: their indexes are in memory, while a loose lookup is a file open that fails
  // for every packed object.
  for (const index of await packIndexes(repo)) {
    const offset = findOffset(index, oid);
    if (offset !== null) {
      const packed = await readPacked(repo, index, offset, depth);
      if (packed) return packed;
    }
  }
  return readLoose(repo, oid);
}

async function readLoose(repo: GitRepo, oid: string): Promise<RawObject | null> {
  let compressed: Buffer;
  try {
    compressed = await readFile(join(repo.gitdir, 'objects', oid.slice(0, 2), oid.slice(2)));
  } catch {
    return null;
  }
  const raw = inflateSync(compressed);
  const nul = raw.indexOf(0);
  const match = /^(commit|tree|blob|tag) (\d+)$/.exec(raw.toString('latin1', 0, nul < 0 ? 0 : nul));
  if (!match || Number(match[2]) !== raw.length - nul - 1) return null;
  return { type: match[1] as ObjectType, content: raw.subarray(nul + 1) };
}

/**
 * Objects rebuilt from a pack, by pack and offset, per repository cache: a history packs each
 * file's versions as chains of deltas, and reading the files of one commit walks the same bases
 * again and again. Bounded by bytes, oldest out first.
 */
class PackedObjects {
  private readonly objects = new Map<string, RawObject>();
  private bytes = 0;
  get(key: string): RawObject | undefined {
    const hit = this.objects.get(key);
    if (hit) {
      this.objects.delete(key);
      this.objects.set(key, hit);
    }
    return hit;
  }
  set(key: string, object: RawObject): void {
    if (object.content.length > MAX_CACHED_BYTES / 8 || this.objects.has(key)) return;
    this.objects.set(key, object);
    this.bytes += object.content.length;
    for (const [k, v] of this.objects) {
      if (this.bytes <= MAX_CACHED_BYTES) break;
      this.objects.delete(k);
      this.bytes -= v.content.length;
    }
  }
}

const MAX_CACHED_BYTES = 16 * 1024 * 1024;
const packedCache = new WeakMap<object, PackedObjects>();

async function readPacked(
  repo: GitRepo,
  index: PackIndex,
  offset: number,
  depth: number,
): Promise<RawObject | null> {
  let cache = packedCache.get(repo.cache);
  if (!cache) packedCache.set(repo.cache, (cache = new PackedObjects()));
  const key = `${index.pack}:${offset}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const object = await rebuildPacked(repo, index, offset, depth);
  if (object) cache.set(key, object);
  return object;
}

async function rebuildPacked(
  repo: GitRepo,
  index: PackIndex,
  offset: number,
  depth: number,
): Promise<RawObject | null> {
  if (depth > MAX_DEPTH) return null;
  const readPack = packReader(repo, index.pack);
  let head = await readPack(offset, 64);
  if (head.length === 0) return null;
  const kind = (head[0]! >> 4) & 7;
  let size = head[0]! & 0x0f;
  let pos = 1;
  for (let b = head[0]!, shift = 4; b & 0x80; pos++, shift += 7) {
    b = head[pos]!;
    size += (b & 0x7f) * 2 ** shift;
  }
  let base: RawObject | null = null;
  if (kind === OFS_DELTA) {
    let c = head[pos++]!;
    let back = c & 0x7f;
    while (c & 0x80) {
      c = head[pos++]!;
      back = (back + 1) * 128 + (c & 0x7f);
    }
    base = await readPacked(repo, index, offset - back, depth + 1);
  } else if (kind === REF_DELTA) {
    base = await readOwn(repo, head.toString('hex', pos, pos + 20), depth + 1);
    pos += 20;
  } else if (!TYPES[kind]) {
    return null;
  }
  if ((kind === OFS_DELTA || kind === REF_DELTA) && !base) return null;
  // Deflate never grows data by more than a few bytes per 16 KiB block plus its header.
  head = await readPack(offset + pos, size + Math.ceil(size / 1000) + 64);
  const data = inflateSync(head);
  if (data.length !== size) return null;
  if (!base) return { type: TYPES[kind]!, content: data };
  const content = applyDelta(base.content, data);
  return content ? { type: base.type, content } : null;
}

function varint(buf: Buffer, start: number): [number, number] {
  let value = 0;
  let pos = start;
  for (let shift = 0; ; shift += 7) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [value, pos];
  }
}

/** git's delta format: the base's and the result's sizes, then copy-from-base and insert ops. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer | null {
  const [baseSize, afterBase] = varint(delta, 0);
  const [size, start] = varint(delta, afterBase);
  if (baseSize !== base.length) return null;
  const out = Buffer.alloc(size);
  let o = 0;
  let pos = start;
  while (pos < delta.length) {
    const op = delta[pos++]!;
    if (op & 0x80) {
      let from = 0;
      let length = 0;
      for (let i = 0; i < 4; i++) {
        if (op & (1 << i)) from += delta[pos++]! * 2 ** (8 * i);
      }
      for (let i = 0; i < 3; i++) {
        if (op & (0x10 << i)) length += delta[pos++]! * 2 ** (8 * i);
      }
      if (length === 0) length = 0x10000;
      if (from + length > base.length || o + length > size) return null;
      base.copy(out, o, from, from + length);
      o += length;
    } else if (op) {
      if (pos + op > delta.length || o + op > size) return null;
      delta.copy(out, o, pos, pos + op);
      o += op;
      pos += op;
    } else {
      return null;
    }
  }
  return o === size ? out : null;
}
