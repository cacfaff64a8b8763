import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_NOTES_DIR, OBJECT_TEMP_PREFIX } from './git-fs';

/** Temp files younger than this may belong to a write still running in another process. */
const MIN_AGE_MS = 60_000;
/** Working-copy temps live for one write of one file; only a write in flight is this young. */
const WORKTREE_MIN_AGE_MS = 2_000;
/** A lock created this soon after its note was ours, even when the note never got the inode. */
const NOTE_TO_LOCK_MS = 2_000;
/** Our atomic working-copy writes: ".<name>.<12 hex>.tmp" beside the file (see atomic-write.ts). */
export const WORKTREE_TEMP = /^\.[^/]*\.[0-9a-f]{12}\.tmp$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function removeIfOld(path: string, now: number, minAge = MIN_AGE_MS): Promise<void> {
  try {
    if (now - (await stat(path)).mtimeMs >= minAge) await rm(path, { force: true, recursive: true });
  } catch {
    // Already gone.
  }
}

/**
 * Removes what a killed process of ours left in .git: temp object files, and lock files it held
 * (only those its lock note proves are ours, never a lock the git CLI holds now).
 */
export async function cleanGitdir(gitdir: string): Promise<void> {
  const now = Date.now();
  const objects = join(gitdir, 'objects');
  for (const sub of await list(objects)) {
    if (!/^([0-9a-f]{2}|pack)$/.test(sub)) continue;
    for (const name of await list(join(objects, sub))) {
      if (name.startsWith(OBJECT_TEMP_PREFIX)) await removeIfOld(join(objects, sub, name), now);
    }
  }
  for (const name of await list(gitdir)) {
    if (name.startsWith('.gitops-tmp-')) await removeIfOld(join(gitdir, name), now);
  }
  const notes = join(gitdir, LOCK_NOTES_DIR);
  for (const name of await list(notes)) {
    const notePath = join(notes, name);
    try {
      const noteStat = await stat(notePath);
      const note = JSON.parse(await readFile(notePath, 'utf8')) as {
        pid?: number;
        lock?: string;
        ino?: number;
      };
      if (typeof note.pid !== 'number' || alive(note.pid)) continue;
      if (typeof note.lock === 'string' && !note.lock.includes('..')) {
        const lock = join(gitdir, note.lock);
        const lockStat = await stat(lock).catch(() => null);
        const ours =
          lockStat &&
          (note.ino !== undefined
            ? lockStat.ino === note.ino
            : Math.abs(lockStat.mtimeMs - noteStat.mtimeMs) < NOTE_TO_LOCK_MS);
        if (ours) await rm(lock, { force: true });
      }
      await rm(notePath, { force: true });
    } catch {
      // A torn note of a killed process: old enough, it is only removed.
      await removeIfOld(notePath, now);
    }
  }
}

/** Removes temp files of interrupted atomic writes from the working tree (.git excluded). */
export async function cleanWorktree(dir: string): Promise<void> {
  const now = Date.now();
  const visit = async (folder: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === '.git' || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) await visit(join(folder, entry.name));
      else if (entry.isFile() && WORKTREE_TEMP.test(entry.name))
        await removeIfOld(join(folder, entry.name), now, WORKTREE_MIN_AGE_MS);
    }
  };
  await visit(dir);
}
