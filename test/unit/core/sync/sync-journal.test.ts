import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../../../src-shared/model';
import { SyncJournal } from '../../../../src-main/core/sync/sync-journal';

const run = (id: string): SyncRun => ({
  id,
  appId: 'app-1',
  revision: 'a'.repeat(40),
  options: { prune: false, force: false, applyAll: false },
  startedAt: '2026-01-01T00:00:00Z',
  phase: 'Succeeded',
  items: [],
  trigger: 'manual',
});

describe('SyncJournal', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'journal-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is empty before the first sync', async () => {
    expect(await new SyncJournal(dir).list('app-1')).toEqual([]);
  });
  it('returns runs newest first, limited', async () => {
    const j = new SyncJournal(dir);
    await Promise.all([j.append(run('1')), j.append(run('2')), j.append(run('3'))]);
    expect((await j.list('app-1')).map((r) => r.id)).toEqual(['3', '2', '1']);
    expect((await j.list('app-1', 2)).map((r) => r.id)).toEqual(['3', '2']);
  });
  it('skips a torn last line', async () => {
    const j = new SyncJournal(dir);
    await j.append(run('1'));
    await appendFile(join(dir, 'sync-journal', 'app-1.jsonl'), '{"id":"2",');
    expect((await j.list('app-1')).map((r) => r.id)).toEqual(['1']);
  });
  it('keeps a run recorded again (when it became healthy) once, in its place, with the latest content', async () => {
    const j = new SyncJournal(dir);
    await j.append(run('1'));
    await j.append(run('2'));
    await j.append({ ...run('1'), healthyAt: '2026-01-01T00:01:00Z' });
    const runs = await j.list('app-1');
    expect(runs.map((r) => r.id)).toEqual(['2', '1']);
    expect(runs[1]?.healthyAt).toBe('2026-01-01T00:01:00Z');
  });
  it('starts the next record on a new line after a torn one', async () => {
    const j = new SyncJournal(dir);
    await j.append(run('1'));
    await appendFile(join(dir, 'sync-journal', 'app-1.jsonl'), '{"id":"2",');
    await j.append(run('3'));
    expect((await j.list('app-1')).map((r) => r.id)).toEqual(['3', '1']);
  });
  it('shows a run begun and never finished as Interrupted to a later process', async () => {
    const j = new SyncJournal(dir);
    await j.begin({ ...run('1'), phase: 'Running' });
    expect((await j.list('app-1')).map((r) => r.phase)).toEqual(['Running']);
    expect((await new SyncJournal(dir).list('app-1')).map((r) => r.phase)).toEqual(['Interrupted']);
    await j.finish(run('1'));
    expect((await new SyncJournal(dir).list('app-1')).map((r) => r.phase)).toEqual(['Succeeded']);
  });
});
