import { lstat, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeIndex,
  indexOrder,
  newIndexEntry,
  readIndex,
  type IndexEntry,
} from '../../../../src-main/core/repo/git-index';

const OID = 'a'.repeat(40);

describe('index files: written entries read back, kept entries copied as they were', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gitops-index-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function roundTrip(
    entries: IndexEntry[],
    name: string,
  ): Promise<{ bytes: Buffer; back: IndexEntry[] }> {
    const bytes = encodeIndex(entries);
    await writeFile(join(dir, name), bytes);
    return { bytes, back: (await readIndex(join(dir, name), true))! };
  }

  it('encodes new entries with their stat data, sorted in byte order, and checksums the file', async () => {
    await writeFile(join(dir, 'f'), 'x');
    const s = await lstat(join(dir, 'f'), { bigint: true });
    const paths = ['b', 'a/b', 'a-b', 'a.b', 'ü', 'z/ß/long-name-to-pad-the-entry.yaml'];
    const entries = paths.map((p) => newIndexEntry(p, OID, 0o100644, s)).sort(indexOrder);
    expect(entries.map((e) => e.path)).toEqual([
      'a-b',
      'a.b',
      'a/b',
      'b',
      'z/ß/long-name-to-pad-the-entry.yaml',
      'ü',
    ]);
    const { back } = await roundTrip(entries, 'index-new');
    expect(back.map(({ raw: _raw, ...e }) => e)).toEqual(entries.map(({ raw: _raw, ...e }) => e));
    expect(back[0]!.mtimeNsec).toBe(Number(s.mtimeNs % 1_000_000_000n));
    expect(back[0]!.size).toBe(1);
  });

  it('rewrites an index it read byte for byte when nothing changed, and refuses a damaged one', async () => {
    await writeFile(join(dir, 'g'), 'y');
    const s = await lstat(join(dir, 'g'), { bigint: true });
    const first = await roundTrip(
      ['one', 'two/a', 'two/b', 'three'].map((p) => newIndexEntry(p, OID, 0o100755, s)).sort(indexOrder),
      'index-a',
    );
    // Entries read from one file are views of its buffer; a new one in the middle splits the runs.
    const mixed = [...first.back, newIndexEntry('two/aa', OID, 0o100644, s)].sort(indexOrder);
    expect(encodeIndex(first.back)).toEqual(first.bytes);
    const second = await roundTrip(mixed, 'index-b');
    expect(second.back.map((e) => [e.path, e.mode.toString(8)])).toEqual([
      ['one', '100755'],
      ['three', '100755'],
      ['two/a', '100755'],
      ['two/aa', '100644'],
      ['two/b', '100755'],
    ]);

    const damaged = Buffer.from(second.bytes);
    damaged.writeUInt8(damaged.readUInt8(20) ^ 1, 20);
    await writeFile(join(dir, 'index-damaged'), damaged);
    await expect(readIndex(join(dir, 'index-damaged'), true)).rejects.toThrow(/checksum/);
  });
});
