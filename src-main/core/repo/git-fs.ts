import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { createInflate } from 'node:zlib';
import { ApiFailure } from '../../../src-shared/errors';

type Data = string | Uint8Array;
type WriteOptions = { mode?: number; encoding?: BufferEncoding } | BufferEncoding | undefined;

/** Files git itself updates through "<file>.lock": taken exclusively, so a running git CLI is noticed. */
const LOCKED = /^(index|HEAD|ORIG_HEAD|FETCH_HEAD|packed-refs|config|shallow|refs\/.+)$/;
const LOOSE_OBJECT = /^objects\/([0-9a-f]{2})\/([0-9a-f]{38})$/;
/** Our temp files in .git: git's own "tmp_obj_" prefix, which git fsck and gc know as temporary. */
export const OBJECT_TEMP_PREFIX = 'tmp_obj_gitops_';
/** Where we note which lock files we hold, so a lock left by a killed process of ours can be removed. */
export const LOCK_NOTES_DIR = 'gitops-desktop-locks';
/** Open files at once: `git add` of thousands of paths must not run out of file descriptors. */
const MAX_OPEN = 64;

/** A file written and synced beside its target, not yet in place (see GitFs.prepareLockedWrite). */
export interface PreparedWrite {
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export function lockedError(lockPath: string): ApiFailure {
  return new ApiFailure(
    'busy',
    `Another git process is running (${lockPath} exists). Wait for it to finish and try again; if no git process is running, delete that file.`,
    { lockPath },
  );
}

const NO_PATH = Object.assign(new Error('no path given'), { code: 'ERR_INVALID_ARG_TYPE' });

class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

function enoent(path: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`ENOENT: no such file or directory, stat '${path}'`);
  err.code = 'ENOENT';
  return err;
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** True when a loose object file inflates completely to content whose SHA-1 is its name. */
export async function looseObjectIntact(path: string, oid: string): Promise<boolean> {
  try {
    const hash = createHash('sha1');
    const inflate = createInflate();
    inflate.on('data', (chunk: Buffer) => hash.update(chunk));
    // Node's inflate stream can report a truncated input a second time after the pipeline has
    // settled and dropped its listeners; unheard, that report would crash the process.
    inflate.on('error', () => undefined);
    await pipeline(createReadStream(path), inflate);
    return hash.digest('hex') === oid;
  } catch {
    return false;
  }
}

/**
 * The file system handed to isomorphic-git. isomorphic-git writes objects, the index and refs in
 * place and skips any object file that already exists, so a crash mid-write leaves an empty or torn
 * file that later commits trust. Here every write inside .git goes to a temp file that is fsynced
 * and renamed over the target; files git guards with "<file>.lock" are written through that very
 * lock, created exclusively, so a lock held by the git CLI stops the write. An existing loose object
 * that does not inflate to its own hash is reported as absent, so writing it again replaces it.
 */
export class GitFs {
  private readonly limiter = new Limiter(MAX_OPEN);
  /** Set while this operation holds index.lock (see holdIndexLock). */
  private heldIndexLock: { note: string } | null = null;

  readonly promises = {
    // isomorphic-git calls readFile() without a path to learn that this file system returns
    // promises, twice per API call: answer without building a Node error and its stack.
    readFile: (path: string, options?: unknown) =>
      path === undefined
        ? Promise.reject(NO_PATH)
        : this.limiter.run(() => fsp.readFile(path, options as BufferEncoding)),
    writeFile: (path: string, data: Data, options?: WriteOptions) => this.writeFile(path, data, options),
    unlink: (path: string) => fsp.unlink(path),
    readdir: (path: string) => fsp.readdir(path),
    mkdir: (path: string, options?: { recursive?: boolean; mode?: number }) => fsp.mkdir(path, options),
    rmdir: (path: string) => fsp.rmdir(path),
    rm: (path: string, options?: { recursive?: boolean; force?: boolean }) => fsp.rm(path, options),
    stat: (path: string) => this.stat(path),
    lstat: (path: string) => fsp.lstat(path),
    readlink: (path: string) => fsp.readlink(path),
    symlink: (target: string, path: string) => fsp.symlink(target, path),
    chmod: (path: string, mode: number) => fsp.chmod(path, mode),
  };

  constructor(readonly gitdir: string) {}

  /** POSIX path relative to .git, or null for a path outside it. */
  private inGitdir(path: string): string | null {
    const rel = relative(this.gitdir, path);
    if (!rel || rel.startsWith('..') || rel.startsWith(sep)) return null;
    return rel.split(sep).join('/');
  }

  private async stat(path: string) {
    const stats = await fsp.stat(path);
    const rel = this.inGitdir(path);
    const loose = rel && LOOSE_OBJECT.exec(rel);
    // isomorphic-git asks "does it exist?" before writing an object; a damaged one must be rewritten.
    if (loose && stats.isFile()) {
      const oid = loose[1]! + loose[2]!;
      if (!(await this.limiter.run(() => looseObjectIntact(path, oid)))) throw enoent(path);
    }
    return stats;
  }

  private async writeFile(path: string, data: Data, options?: WriteOptions): Promise<void> {
    const mode = typeof options === 'object' ? options.mode : undefined;
    const rel = this.inGitdir(path);
    if (rel === null) {
      await this.limiter.run(() => fsp.writeFile(path, data, mode !== undefined ? { mode } : undefined));
      return;
    }
    if (rel === 'index' && this.heldIndexLock) {
      const held = this.heldIndexLock;
      this.heldIndexLock = null;
      await this.limiter.run(() => writeThrough(`${path}.lock`, path, data, 'w', mode));
      await fsp.rm(held.note, { force: true });
      return;
    }
    if (LOCKED.test(rel)) {
      await this.withLockNote(`${path}.lock`, () =>
        this.limiter.run(() => writeThrough(`${path}.lock`, path, data, 'wx', mode)),
      );
      return;
    }
    const base = rel.startsWith('objects/') ? OBJECT_TEMP_PREFIX : '.gitops-tmp-';
    const temp = join(dirname(path), `${base}${randomBytes(8).toString('hex')}`);
    await this.limiter.run(() =>
      writeThrough(temp, path, data, 'wx', mode ?? (LOOSE_OBJECT.test(rel) ? 0o444 : undefined)),
    );
  }

  /**
   * Takes .git/index.lock for the whole of an operation, as git does, before anything is written:
   * if another git process holds it, nothing happens. The next index write goes through this lock
   * and releases it; `releaseIndexLock` drops it when no write came.
   */
  async holdIndexLock(): Promise<void> {
    if (this.heldIndexLock) return;
    const lock = join(this.gitdir, 'index.lock');
    const note = await this.noteLock(lock);
    try {
      const handle = await fsp.open(lock, 'wx', 0o666);
      const { ino } = await handle.stat();
      await handle.close();
      await fsp.writeFile(note, JSON.stringify({ pid: process.pid, lock: 'index.lock', ino }));
    } catch (err) {
      await fsp.rm(note, { force: true });
      if (errCode(err) === 'EEXIST') throw lockedError(lock);
      throw err;
    }
    this.heldIndexLock = { note };
  }

  async releaseIndexLock(): Promise<void> {
    const held = this.heldIndexLock;
    if (!held) return;
    this.heldIndexLock = null;
    await fsp.rm(join(this.gitdir, 'index.lock'), { force: true });
    await fsp.rm(held.note, { force: true });
  }

  /**
   * The first half of a write through a lock: the new content is written to "<path>.lock" and
   * synced, so it can be synced alongside other files; `commit` then renames it over `path` (and
   * syncs the folder), `abort` removes it. For the index, the lock held since holdIndexLock is
   * used (and released by commit); for any other file in LOCKED the lock is taken here.
   */
  async prepareLockedWrite(path: string, data: Data): Promise<PreparedWrite> {
    const rel = this.inGitdir(path);
    if (rel === null || !LOCKED.test(rel)) throw new Error(`${path} is not written through a lock`);
    const lock = `${path}.lock`;
    if (rel === 'index' && this.heldIndexLock) {
      await writeSynced(lock, data, 'w', undefined);
      return {
        commit: async () => {
          const held = this.heldIndexLock;
          this.heldIndexLock = null;
          await renameOver(lock, path);
          if (held) await fsp.rm(held.note, { force: true });
        },
        abort: () => this.releaseIndexLock(),
      };
    }
    const note = await this.noteLock(lock);
    try {
      await writeSynced(lock, data, 'wx', undefined);
    } catch (err) {
      await fsp.rm(note, { force: true });
      throw err;
    }
    return {
      commit: async () => {
        try {
          await renameOver(lock, path);
        } finally {
          await fsp.rm(note, { force: true });
        }
      },
      abort: async () => {
        await fsp.rm(lock, { force: true });
        await fsp.rm(note, { force: true });
      },
    };
  }

  private async withLockNote(lock: string, write: () => Promise<void>): Promise<void> {
    const note = await this.noteLock(lock);
    try {
      await write();
    } finally {
      await fsp.rm(note, { force: true });
    }
  }

  /**
   * Records, before taking it, that this process is about to hold `lock` (see stale-files.ts).
   * The inode is added once the lock exists, when the lock is held for longer than one write.
   */
  private async noteLock(lock: string): Promise<string> {
    const dir = join(this.gitdir, LOCK_NOTES_DIR);
    await fsp.mkdir(dir, { recursive: true });
    const note = join(dir, `${process.pid}-${randomBytes(6).toString('hex')}.json`);
    await fsp.writeFile(note, JSON.stringify({ pid: process.pid, lock: relative(this.gitdir, lock) }));
    return note;
  }
}

/**
 * Writes `data` to `temp` (opened with `flag`), fsyncs it and renames it over `target`. The temp
 * file is removed on failure unless it is a lock we did not create.
 */
async function writeThrough(
  temp: string,
  target: string,
  data: Data,
  flag: 'w' | 'wx',
  mode: number | undefined,
): Promise<void> {
  await writeSynced(temp, data, flag, mode);
  await renameOver(temp, target);
}

/** Writes `data` to `temp` (opened with `flag`) and fsyncs it; removes it on failure unless it is a lock we did not create. */
export async function writeSynced(
  temp: string,
  data: Data,
  flag: 'w' | 'wx',
  mode: number | undefined,
): Promise<void> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(temp, flag, mode ?? 0o666);
  } catch (err) {
    if (errCode(err) === 'EEXIST' && temp.endsWith('.lock')) throw lockedError(temp);
    if (errCode(err) !== 'ENOENT') throw err;
    await fsp.mkdir(dirname(temp), { recursive: true });
    handle = await fsp.open(temp, flag, mode ?? 0o666);
  }
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw err;
  }
}

/** Renames a written and synced temp file over `target`; a lock's rename is made durable at once. */
async function renameOver(temp: string, target: string): Promise<void> {
  try {
    await fsp.rename(temp, target);
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw err;
  }
  if (temp.endsWith('.lock')) await syncDir(dirname(target));
}

/** fsyncs a folder, so the names just created or renamed in it survive a power cut. */
export async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a folder (Windows); the rename itself is still atomic.
  }
}
