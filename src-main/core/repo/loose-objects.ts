import { createHash, randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { ObjectType } from './git-objects';
import { OBJECT_TEMP_PREFIX, looseObjectIntact, syncDir, writeSynced } from './git-fs';
import type { GitRepo } from './git-repo';
import { findOffset, packIndexes } from './object-size';

/** An object to store, with its oid worked out in memory. */
export interface NewObject {
  oid: string;
  type: ObjectType;
  content: Buffer;
}

export function newObject(type: ObjectType, content: Buffer): NewObject {
  const oid = createHash('sha1').update(`${type} ${content.length}\0`).update(content).digest('hex');
  return { oid, type, content };
}

/** Objects written at once (each holds a file descriptor while it is written and synced). */
const MAX_PARALLEL = 32;

/** True when the repository already holds the object intact (packed, or a loose file that checks out). */
async function stored(repo: GitRepo, oid: string, path: string): Promise<boolean> {
  for (const index of await packIndexes(repo)) {
    if (findOffset(index, oid) !== null) return true;
  }
  try {
    await fsp.stat(path);
  } catch {
    return false;
  }
  // A loose file left empty or torn by a killed writer is replaced, not trusted.
  return looseObjectIntact(path, oid);
}

/** Writes one object to a temp file beside its final name and syncs it; returns the temp path. */
async function writeTemp(dir: string, object: NewObject): Promise<string> {
  const temp = join(dir, `${OBJECT_TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  const data = deflateSync(
    Buffer.concat([Buffer.from(`${object.type} ${object.content.length}\0`), object.content]),
  );
  await writeSynced(temp, data, 'wx', 0o444);
  return temp;
}

/**
 * Stores objects as loose files, durably, before anything refers to them: each goes to a temp file
 * that is written and fsynced, all at once, then renamed to its name; then each folder that
 * got a new name is fsynced once (and `objects/` when a folder was created). A crash at any point
 * leaves only complete objects under their names, plus temp files stale-files.ts removes later.
 * Objects the repository already holds intact are skipped.
 */
export async function writeLooseObjects(repo: GitRepo, objects: readonly NewObject[]): Promise<void> {
  const objectsDir = join(repo.gitdir, 'objects');
  const unique = [...new Map(objects.map((o) => [o.oid, o])).values()];
  const dirs = new Set<string>();
  let createdDir = false;
  const queue = [...unique];
  const worker = async () => {
    for (let object = queue.shift(); object; object = queue.shift()) {
      const dir = join(objectsDir, object.oid.slice(0, 2));
      const path = join(dir, object.oid.slice(2));
      if (await stored(repo, object.oid, path)) continue;
      try {
        await fsp.mkdir(dir);
        createdDir = true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const temp = await writeTemp(dir, object);
      try {
        await fsp.rename(temp, path);
      } catch (err) {
        await fsp.rm(temp, { force: true });
        throw err;
      }
      dirs.add(dir);
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_PARALLEL, unique.length) }, worker));
  if (createdDir) dirs.add(objectsDir);
  await Promise.all([...dirs].map(syncDir));
}
