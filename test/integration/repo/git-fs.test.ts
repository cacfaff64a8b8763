import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { looseObjectIntact } from '../../../src-main/core/repo/git-fs';

describe('repo: the loose-object check behind crash-safe writes', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gitops-gitfs-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers false for a torn object file and never raises zlib errors past the caller', async () => {
    // A killed write leaves the start of a zlib stream. Node's inflate stream can report its
    // "unexpected end of file" a second time after the pipeline settled; with nobody listening
    // that second report crashed the core.
    const torn = join(dir, 'torn');
    await writeFile(torn, Buffer.from([0x78, 0x9c, 0x4b]));
    const empty = join(dir, 'empty');
    await writeFile(empty, '');
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      for (let i = 0; i < 400; i++) {
        expect(await looseObjectIntact(torn, '0'.repeat(40))).toBe(false);
        expect(await looseObjectIntact(empty, '0'.repeat(40))).toBe(false);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
  });

  it('answers true only for a file that inflates to content hashing to its name', async () => {
    const content = Buffer.from('blob 6\0hello\n');
    const oid = createHash('sha1').update(content).digest('hex');
    const path = join(dir, 'whole');
    await writeFile(path, deflateSync(content));
    expect(await looseObjectIntact(path, oid)).toBe(true);
    expect(await looseObjectIntact(path, '1'.repeat(40))).toBe(false);
    expect(await looseObjectIntact(join(dir, 'missing'), oid)).toBe(false);
  });
});
