import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../src-shared/api';
import { useRepoTest } from '../../support/repo-test';
import { configMap, createRepo } from '../../support/git-fixtures';

const base = { context: 'dev', namespace: 'default' };
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

  it('notices every commit made with the git CLI, also ref-only updates in a row', async () => {
    const repo = await createRepo(r.sandbox, 'refs', { 'a.yaml': configMap('a') });
    const app = await r.core.api.call('apps.add', { name: 'refs', repoPath: repo, ...base });
    await sleep(150);
    for (let i = 0; i < 3; i++) {
      const moved = r.core.waitForEvent('repo.changed', (e) => e.appId === app.id && e.headChanged, 3000);
      // Only refs/heads/main changes (renamed over by git): no working-copy file, no index write.
      await r.sandbox.git(repo, 'commit', '-q', '--allow-empty', '-m', `Empty ${i}`);
      await moved;
    }
  });

  it('every repo.writeFile produces repo.changed, also quick rewrites of the same file', async () => {
    // In a subfolder: atomic saves replace the file's inode, which a per-file watch loses.
    const repo = await createRepo(r.sandbox, 'rewrites', { 'app/deep/a.yaml': configMap('a') });
    const app = await r.core.api.call('apps.add', { name: 'rewrites', repoPath: repo, ...base });
    await sleep(150);
    for (let i = 0; i < 6; i++) {
      const seen = r.core.waitForEvent(
        'repo.changed',
        (e) => e.appId === app.id && e.paths.includes('app/deep/a.yaml'),
        3000,
      );
      await r.core.api.call('repo.writeFile', {
        appId: app.id,
        path: 'app/deep/a.yaml',
        content: configMap('a', { n: String(i) }),
      });
      await seen;
    }
  });

  it('the last of quick saves is always reported after it was written, by the app or another program', async () => {
    const repo = await createRepo(r.sandbox, 'quick', { 'app/q.yaml': configMap('q') });
    const app = await r.core.api.call('apps.add', { name: 'quick', repoPath: repo, ...base });
    await sleep(150);
    const file = join(repo, 'app/q.yaml');
    // What a listener reading the file on each notification would see: the last must be the last save.
    const seen: string[] = [];
    const off = r.core.api.on('repo.changed', (e) => {
      if (e.appId === app.id && e.paths.includes('app/q.yaml')) seen.push(readFileSync(file, 'utf8'));
    });
    const save = (n: number) =>
      r.core.api.call('repo.writeFile', {
        appId: app.id,
        path: 'app/q.yaml',
        content: configMap('q', { n: String(n) }),
      });
    try {
      // Two saves through the app, back to back.
      await save(1);
      await save(2);
      await sleep(600);
      expect(seen.at(-1)).toBe(configMap('q', { n: '2' }));

      // A save through the app, then another program rewriting the file in place at once (same
      // size): the app's own save is recognised when the OS reports it, the other program's is not.
      seen.length = 0;
      await save(3);
      await writeFile(file, configMap('q', { n: '4' }));
      await sleep(600);
      expect(seen.at(-1)).toBe(configMap('q', { n: '4' }));

      // Another program saving twice in a row, the second within the first's notification window.
      seen.length = 0;
      await writeFile(file, configMap('q', { n: '5' }));
      await sleep(30);
      await writeFile(file, configMap('q', { n: '6' }));
      await sleep(700);
      expect(seen.at(-1)).toBe(configMap('q', { n: '6' }));
      expect(seen.length).toBeGreaterThanOrEqual(1);
    } finally {
      off();
    }
  });

  it('the first change after a calm moment is reported without waiting for a window to end', async () => {
    const repo = await createRepo(r.sandbox, 'leading', { 'a.yaml': configMap('a') });
    const app = await r.core.api.call('apps.add', { name: 'leading', repoPath: repo, ...base });
    await sleep(500);
    // Two saves far apart: each is reported on its own, once.
    const events: string[][] = [];
    const off = r.core.api.on('repo.changed', (e) => e.appId === app.id && events.push(e.paths));
    try {
      for (const n of [1, 2]) {
        const seen = r.core.waitForEvent('repo.changed', (e) => e.appId === app.id, 3000);
        await r.core.api.call('repo.writeFile', {
          appId: app.id,
          path: 'a.yaml',
          content: configMap('a', { n: String(n) }),
        });
        await seen;
        await sleep(500);
      }
    } finally {
      off();
    }
    expect(events).toEqual([['a.yaml'], ['a.yaml']]);
  });

  it('never follows a symbolic link out of the repository, even one created while watching', async () => {
    const repo = await createRepo(r.sandbox, 'links', { 'app/a.yaml': configMap('a') });
    const outside = await r.sandbox.dir('outside-tree');
    await mkdir(join(outside, 'deep'), { recursive: true });
    const app = await r.core.api.call('apps.add', { name: 'links', repoPath: repo, ...base });
    await sleep(150);
    // The first link may be reported on its own (at once), the second with the next notification.
    const links = new Set<string>();
    const linked = r.core.waitForEvent(
      'repo.changed',
      (e) => {
        if (e.appId === app.id) for (const p of e.paths) links.add(p);
        return links.has('out') && links.has('app/out');
      },
      3000,
    );
    await symlink(outside, join(repo, 'out'));
    await symlink(outside, join(repo, 'app/out'));
    await linked;
    await sleep(500);

    const seen: string[] = [];
    const off = r.core.api.on('repo.changed', (e) => e.appId === app.id && seen.push(...e.paths));
    await writeFile(join(outside, 'x.yaml'), configMap('x'));
    await writeFile(join(outside, 'deep', 'y.yaml'), configMap('y'));
    await writeFile(join(repo, 'app', 'a.yaml'), configMap('a', { key: 'inside' }));
    await r.core.waitForEvent(
      'repo.changed',
      (e) => e.appId === app.id && e.paths.includes('app/a.yaml'),
      3000,
    );
    await sleep(600);
    off();
    expect(seen.filter((p) => p.startsWith('out/') || p.startsWith('app/out/'))).toEqual([]);
  });

  it('3,000 files changed by another program: requests keep answering, and the status is right within 3 s', async () => {
    const n = 3000;
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) files[`apps/team-${i % 30}/cm-${i}.yaml`] = configMap(`cm-${i}`);
    const repo = await createRepo(r.sandbox, 'storm', files);
    const app = await r.core.api.call('apps.add', { name: 'storm', repoPath: repo, ...base });
    await r.core.api.call('repo.status', { appId: app.id });
    await sleep(300);

    let slowest = 0;
    let pinging = true;
    const pinger = (async () => {
      while (pinging) {
        const started = performance.now();
        await r.core.api.call('system.ping', { message: 'storm' });
        slowest = Math.max(slowest, performance.now() - started);
        await sleep(20);
      }
    })();
    // Another program: a separate process rewrites every file.
    const script = `const fs=require('fs');for(let i=0;i<${n};i++)fs.writeFileSync(process.argv[1]+'/apps/team-'+(i%30)+'/cm-'+i+'.yaml','changed '+i+'\\n');`;
    await run(process.execPath, ['-e', script, repo]);
    const changedAt = performance.now();
    let modified = 0;
    while (performance.now() - changedAt < 3000) {
      const { changes } = await r.core.api.call('repo.status', { appId: app.id });
      modified = changes.filter((c) => c.change === 'modified').length;
      if (modified === n) break;
      await sleep(100);
    }
    const statusMs = performance.now() - changedAt;
    await sleep(1500); // the app's own reaction to the storm
    pinging = false;
    await pinger;
    console.log(`storm: status right after ${statusMs.toFixed(0)} ms, slowest ping ${slowest.toFixed(0)} ms`);
    expect(modified).toBe(n);
    expect(statusMs).toBeLessThan(3000);
    expect(slowest).toBeLessThan(200);
  });
});
