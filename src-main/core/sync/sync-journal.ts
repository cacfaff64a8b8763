import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyncRun } from '../../../src-shared/model';

/**
 * Every finished sync, one JSON line per run in `<userDataDir>/sync-journal/<appId>.jsonl`.
 * Append-only: a crash can at worst leave a torn last line, which reading skips. A run recorded
 * again later (when it became healthy) is a new line with the same id; the last one wins.
 */
export class SyncJournal {
  private readonly dir: string;
  private writes: Promise<void> = Promise.resolve();

  constructor(userDataDir: string) {
    this.dir = join(userDataDir, 'sync-journal');
  }

  private file(appId: string): string {
    return join(this.dir, `${appId.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`);
  }

  append(run: SyncRun): Promise<void> {
    const write = this.writes.then(async () => {
      await mkdir(this.dir, { recursive: true });
      await appendFile(this.file(run.appId), `${JSON.stringify(run)}\n`, 'utf8');
    });
    this.writes = write.catch(() => undefined);
    return write;
  }

  /** Newest first. */
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
      if (!line.trim()) continue;
      try {
        const run = JSON.parse(line) as SyncRun;
        // Keeps the run's first position (start order) with its latest content.
        runs.set(run.id, run);
      } catch {
        // A torn line from an interrupted write.
      }
    }
    return [...runs.values()].reverse().slice(0, limit);
  }
}
