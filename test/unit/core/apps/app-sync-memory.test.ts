import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanAction, SyncItemResult, SyncRun } from '../../../../src-shared/model';
import { SyncMemory } from '../../../../src-main/core/apps/app-sync-memory';
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

describe('SyncMemory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'memory-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const item = (
    name: string,
    phase: SyncItemResult['phase'],
    file?: string,
    action: PlanAction = 'create',
  ) => ({
    id: `/ConfigMap/ns/${name}`,
    key: { group: '', kind: 'ConfigMap', namespace: 'ns', name },
    action,
    phase,
    ...(file ? { file } : {}),
  });

  it('remembers the file each object was last applied from, forgets pruned ones, ignores failures', async () => {
    const j = new SyncJournal(dir);
    await j.append({ ...run('1'), items: [item('a', 'healthy', 'a.yaml'), item('b', 'applied', 'b.yaml')] });
    await j.append({
      ...run('2'),
      items: [
        item('a', 'healthy', 'moved/a.yaml'),
        item('b', 'pruned', undefined, 'prune'),
        item('c', 'failed', 'c.yaml'),
      ],
    });
    const files = await new SyncMemory(j).appliedFiles('app-1');
    expect([...files.entries()]).toEqual([['/ConfigMap/ns/a', 'moved/a.yaml']]);
  });
});
