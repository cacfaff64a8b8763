import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../../src-shared/model';
import { SyncJournal } from '../../../src-main/core/sync/sync-journal';
import { startTestCore } from '../../support/core-client';
import { configMap, createRepo, createSandbox, type Sandbox } from '../../support/git-fixtures';

const options = { prune: false, force: false, applyAll: false };

function sampleRun(id: string, phase: SyncRun['phase'] = 'Running'): SyncRun {
  return {
    id,
    appId: 'app-1',
    revision: 'a'.repeat(40),
    options,
    startedAt: new Date().toISOString(),
    phase,
    items: [],
    trigger: 'manual',
  };
}

describe('sync journal: no run is ever lost', () => {
  let sandbox: Sandbox;
  let userDataDir: string;

  beforeAll(async () => {
    sandbox = await createSandbox();
    userDataDir = await mkdtemp(join(tmpdir(), 'gitops-desktop-journal-'));
  });
  afterAll(async () => {
    await sandbox?.cleanup();
    await rm(userDataDir, { recursive: true, force: true });
  });

  it('writes a Running record at the start and the final one at the end; the latest wins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gitops-desktop-journal-unit-'));
    try {
      const journal = new SyncJournal(dir);
      const run = sampleRun('r1');
      await journal.begin(run);
      expect((await journal.list('app-1')).map((r) => [r.id, r.phase])).toEqual([['r1', 'Running']]);
      await journal.finish({ ...run, phase: 'Succeeded', finishedAt: new Date().toISOString() });
      await journal.begin(sampleRun('r2'));
      expect((await journal.list('app-1')).map((r) => [r.id, r.phase])).toEqual([
        ['r2', 'Running'],
        ['r1', 'Succeeded'],
      ]);
      const lines = (await readFile(join(dir, 'sync-journal', 'app-1.jsonl'), 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(3);

      // Another process (after a restart) did not begin r2: it was cut short.
      const after = await new SyncJournal(dir).list('app-1');
      expect(after.map((r) => [r.id, r.phase])).toEqual([
        ['r2', 'Interrupted'],
        ['r1', 'Succeeded'],
      ]);
      expect(after[0]!.message).toMatch(/stopped while this sync was running/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a torn last line, then a sync: the history lists the new run', async () => {
    const repo = await createRepo(sandbox, 'journal', { 'a.yaml': configMap('a') });
    const t = await startTestCore({ env: sandbox.env, userDataDir });
    try {
      // A context that does not exist: the run fails at once, and still belongs in the history.
      const app = await t.api.call('apps.add', {
        name: 'journal',
        repoPath: repo,
        context: 'no-such-context',
        namespace: 'default',
      });
      const file = join(userDataDir, 'sync-journal', `${app.id}.jsonl`);
      await mkdir(join(userDataDir, 'sync-journal'), { recursive: true });
      const torn = JSON.stringify({ ...sampleRun('torn', 'Succeeded'), appId: app.id }).slice(0, 57);
      await appendFile(file, torn);

      const finished = t.waitForEvent('sync.finished', (r) => r.appId === app.id, 30_000);
      const { syncId } = await t.api.call('sync.start', { appId: app.id, options });
      await finished;
      const { runs } = await t.api.call('sync.history', { appId: app.id });
      expect(runs.map((r) => r.id)).toEqual([syncId]);
      expect(runs[0]!.phase).toBe('Failed');
      // The torn text stayed on a line of its own.
      const lines = (await readFile(file, 'utf8')).split('\n');
      expect(lines[0]).toBe(torn);
      expect(lines.filter((l) => l.includes(syncId)).length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('a sync cut short by a crash shows as Interrupted after a restart', async () => {
    const repo = await createRepo(sandbox, 'crashed', { 'a.yaml': configMap('a') });
    const first = await startTestCore({ env: sandbox.env, userDataDir });
    let appId: string;
    try {
      const app = await first.api.call('apps.add', {
        name: 'crashed',
        repoPath: repo,
        context: 'no-such-context',
        namespace: 'default',
      });
      appId = app.id;
      // What a process killed mid-sync leaves: the Running record and nothing after it.
      await new SyncJournal(userDataDir).begin({ ...sampleRun('cut-short'), appId });
      const { runs } = await first.api.call('sync.history', { appId });
      expect(runs.map((r) => r.phase)).toEqual(['Interrupted']);
    } finally {
      await first.close();
    }
    const second = await startTestCore({ env: sandbox.env, userDataDir });
    try {
      const { runs } = await second.api.call('sync.history', { appId });
      expect(runs.map((r) => [r.id, r.phase])).toEqual([['cut-short', 'Interrupted']]);
    } finally {
      await second.close();
    }
  });
});
