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
  name: Buffer;
  mode: string;
  oid: Buffer;
  isTree: boolean;
}

/** git's tree order: by name bytes, a folder's name compared as if it ended in "/". */
function treeOrder(a: TreeItem, b: TreeItem): number {
  const an = a.isTree ? Buffer.concat([a.name, Buffer.from('/')]) : a.name;
  const bn = b.isTree ? Buffer.concat([b.name, Buffer.from('/')]) : b.name;
  return Buffer.compare(an, bn);
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
      itemsOf(parent).push({
        name: Buffer.from(folder.slice(slash + 1)),
        mode: '40000',
        oid: Buffer.alloc(0),
        isTree: true,
      });
    }
    return items;
  };
  for (const e of entries) {
    if (e.stage !== 0) continue;
    const slash = e.path.lastIndexOf('/');
    itemsOf(slash < 0 ? '' : e.path.slice(0, slash)).push({
      name: Buffer.from(e.path.slice(slash + 1)),
      mode: e.mode.toString(8),
      oid: Buffer.from(e.oid, 'hex'),
      isTree: false,
    });
  }
  const oids = new Map<string, string>();
  const hash = (folder: string): Buffer => {
    const items = folders.get(folder)!;
    for (const item of items) {
      if (item.isTree) item.oid = hash(folder ? `${folder}/${item.name.toString()}` : item.name.toString());
    }
    items.sort(treeOrder);
    const body = Buffer.concat(
      items.flatMap((i) => [Buffer.from(`${i.mode} `), i.name, Buffer.from([0]), i.oid]),
    );
    const oid = createHash('sha1').update(`tree ${body.length}\0`).update(body).digest();
    oids.set(folder, oid.toString('hex'));
    return oid;
  };
  hash('');
  return oids;
}
