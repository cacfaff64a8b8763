import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src-shared/api';
import { useRepoTest } from '../../support/repo-test';
import { configMap, createRepo } from '../../support/git-fixtures';

const base = { context: 'dev', namespace: 'default' };

describe('repo: external changes are noticed', () => {
  const r = useRepoTest();

  it('emits repo.changed for an editor save and for a commit made with the git CLI', async () => {
    const repo = await createRepo(r.sandbox, 'w', {
      'app/a.yaml': configMap('a'),
      'other/o.yaml': configMap('o'),
      '.gitignore': '*.swp\n',
    });
    const app = await r.core.api.call('apps.add', { name: 'w', repoPath: repo, appPath: 'app', ...base });
    await new Promise((r) => setTimeout(r, 150));

    const edited = r.core.waitForEvent(
      'repo.changed',
      (e) => e.appId === app.id && e.paths.includes('a.yaml'),
      3000,
    );
    await writeFile(join(repo, 'app/a.yaml'), configMap('a', { key: 'edited' }));
    await writeFile(join(repo, 'app/.a.yaml.swp'), 'editor swap file, ignored');
    const e1 = await edited;
    expect(e1).toEqual({ appId: app.id, paths: ['a.yaml'], headChanged: false });

    await mkdir(join(repo, 'app/newdir'));
    const nested = r.core.waitForEvent('repo.changed', (e) => e.paths.includes('newdir/n.yaml'), 3000);
    await new Promise((r) => setTimeout(r, 50));
    await writeFile(join(repo, 'app/newdir/n.yaml'), configMap('n'));
    await nested;

    const started = Date.now();
    const committed = r.core.waitForEvent('repo.changed', (e) => e.appId === app.id && e.headChanged, 3000);
    await r.sandbox.git(repo, 'commit', '-q', '-am', 'Edited outside the app');
    const e2: EventPayload<'repo.changed'> = await committed;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(e2.headChanged).toBe(true);
  });

  it('stops watching a removed app', async () => {
    const repo = await createRepo(r.sandbox, 'removed', { 'a.yaml': configMap('a') });
    const app = await r.core.api.call('apps.add', { name: 'removed', repoPath: repo, ...base });
    await r.core.api.call('apps.remove', { appId: app.id });
    const seen: unknown[] = [];
    const off = r.core.api.on('repo.changed', (e) => e.appId === app.id && seen.push(e));
    await writeFile(join(repo, 'a.yaml'), configMap('a', { key: 'after removal' }));
    await r.sandbox.git(repo, 'commit', '-q', '-am', 'After removal');
    await new Promise((r) => setTimeout(r, 400));
    off();
    expect(seen).toEqual([]);
  });
});
