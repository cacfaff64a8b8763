import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyncRun } from '../../../src-shared/model';

/**
 * Every sync, one JSON line per record in `<userDataDir>/sync-journal/<appId>.jsonl`: a "Running"
 * record when it starts (`begin`) and its final record when it ends (`finish`); the last record of
 * a run wins (a run that became healthy after it ended is recorded again with `healthyAt`). Append-only. A crash can at worst leave a torn last line: reading skips it, and the
 * next write starts on a new line so it is never glued to the torn one. A run that began but never
 * finished, and is not running in this process, was cut short by a crash: it reads as Interrupted.
 */
export class SyncJournal {
  private readonly dir: string;
  private writes: Promise<void> = Promise.resolve();
  /** Runs begun and not yet finished by this process. */
  private readonly active = new Set<string>();

  constructor(userDataDir: string) {
    this.dir = join(userDataDir, 'sync-journal');
  }

  private file(appId: string): string {
    return join(this.dir, `${appId.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`);
  }

  /** Records that a run started, so a crash before it ends still leaves it in the history. */
  begin(run: SyncRun): Promise<void> {
    this.active.add(run.id);
    return this.write({ ...run, phase: 'Running' });
  }

  /** Records the run's final state. */
  finish(run: SyncRun): Promise<void> {
    const write = this.write(run);
    this.active.delete(run.id);
    return write;
  }

  /** A finished run in one record (kept for callers that record only the end). */
  append(run: SyncRun): Promise<void> {
    return this.finish(run);
  }

  private write(run: SyncRun): Promise<void> {
    // Serialised now: the caller goes on changing the run object while the write waits its turn.
    const record = JSON.stringify(run);
    const write = this.writes.then(async () => {
      await mkdir(this.dir, { recursive: true });
      const path = this.file(run.appId);
      const lead = (await endsWithNewline(path)) ? '' : '\n';
      await appendFile(path, `${lead}${record}\n`, 'utf8');
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Newest first; each run once, in its latest recorded state. */
  async list(appId: string, limit = 100): Promise<SyncRun[]> {
    let text: string;
    try {
      text = await readFile(this.file(appId), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const runs = new Map<string, SyncRun>();
    for (const line of text.split('\n')) {
      const run = parseRecord(line);
      if (run) runs.set(run.id, run);
    }
    const out: SyncRun[] = [];
    for (const run of runs.values()) {
      if (run.phase === 'Running' && !this.active.has(run.id)) {
        out.push({
          ...run,
          phase: 'Interrupted',
          message: 'GitOps Desktop stopped while this sync was running. Check the live state and sync again.',
        });
      } else {
        out.push(run);
      }
    }
    return out.reverse().slice(0, limit);
  }
}

function parseRecord(line: string): SyncRun | null {
  if (!line.trim()) return null;
  try {
    const run = JSON.parse(line) as Partial<SyncRun> | null;
    // A torn line may still parse (a cut number); only whole records count.
    if (!run || typeof run !== 'object' || typeof run.id !== 'string' || typeof run.phase !== 'string')
      return null;
    if (!Array.isArray(run.items)) return null;
    return run as SyncRun;
  } catch {
    return null;
  }
}

async function endsWithNewline(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return true; // no file yet
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
