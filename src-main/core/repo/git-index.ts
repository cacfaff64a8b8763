import { createHash } from 'node:crypto';
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
}

/**
 * Reads index versions 2 and 3 (the ones isomorphic-git writes and reads; repo-location.ts refuses
 * the others). Returns null when there is no index yet.
 */
export async function readIndex(path: string): Promise<IndexEntry[] | null> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    return null;
  }
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = buf.readUInt32BE(4);
  if (version !== 2 && version !== 3) throw new Error(`index version ${version} is not supported`);
  const count = buf.readUInt32BE(8);
  const entries: IndexEntry[] = [];
  let pos = 12;
  for (let i = 0; i < count; i++) {
    const start = pos;
    const flags = buf.readUInt16BE(start + 60);
    const extended = version === 3 && (flags & 0x4000) !== 0;
    const nameStart = start + 62 + (extended ? 2 : 0);
    const nameEnd = buf.indexOf(0, nameStart);
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
    });
    // Entries are padded with 1-8 NULs to a multiple of 8 bytes.
    const length = nameEnd - start;
    pos = start + (Math.floor(length / 8) + 1) * 8;
  }
  return entries;
}

interface TreeItem {
  name: string;
  mode: string;
  /** Hex; set for a folder once its own tree is hashed. */
  oid: string;
  isTree: boolean;
}

const NOT_PRINTABLE_ASCII = /[^ -~]/;

/** git's tree order: by name bytes, a folder's name compared as if it ended in "/". */
function treeOrder(a: TreeItem, b: TreeItem): number {
  const an = a.isTree ? `${a.name}/` : a.name;
  const bn = b.isTree ? `${b.name}/` : b.name;
  // UTF-16 order is byte order for ASCII; any other name is compared as UTF-8 bytes.
  if (!NOT_PRINTABLE_ASCII.test(an) && !NOT_PRINTABLE_ASCII.test(bn)) return an < bn ? -1 : an > bn ? 1 : 0;
  return Buffer.compare(Buffer.from(an), Buffer.from(bn));
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
    let length = 0;
    for (const item of items) {
      if (item.isTree) item.oid = hash(folder ? `${folder}/${item.name}` : item.name);
      length += item.mode.length + 2 + Buffer.byteLength(item.name) + 20;
    }
    items.sort(treeOrder);
    const body = Buffer.allocUnsafe(length);
    let pos = 0;
    for (const item of items) {
      pos += body.write(`${item.mode} ${item.name}\0`, pos);
      pos += body.write(item.oid, pos, 'hex');
    }
    const oid = createHash('sha1').update(`tree ${length}\0`).update(body).digest('hex');
    oids.set(folder, oid);
    return oid;
  };
  hash('');
  return oids;
}
