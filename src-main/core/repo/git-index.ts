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
