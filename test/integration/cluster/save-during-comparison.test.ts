import { describe, expect, it } from 'vitest';
import type { AppState } from '../../../src-shared/model';
import {
  configMap,
  createClusterApp,
  namespaceYaml,
  noSyncOptions,
  waitForState,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

type Logged = { event: 'saved'; expect: string } | { event: 'state'; a: string | undefined };

describe('a save while a watch event is being compared', () => {
  const t = useClusterTest('savecmp');
  const { ns } = t;

  it('gets its own fresh verdict: nothing compared before the save is shown after it', async () => {
    // Enough objects that a comparison takes a moment, so saves land in running ones.
    const files: Record<string, string> = { 'ns.yaml': namespaceYaml(ns) };
    for (let i = 0; i < 80; i++) files[`more/m${i}.yaml`] = configMap(`m${i}`, ns, { v: String(i) });
    files['a.yaml'] = configMap('a', ns, { v: '1' });
    files['b.yaml'] = configMap('b', ns, { v: '1' });
    const app = await createClusterApp(t.h, t.sandbox, { name: `savecmp-${ns}`, namespace: ns, files });
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    expect((await done).phase).toBe('Succeeded');
    await waitForState(t.h, app.id, 'synced', (s) => s.sync === 'Synced');
    // Looking at the working copy once makes the core keep it current (as the editor does).
    await waitForState(t.h, app.id, 'worktree synced', (s) => s.sync === 'Synced', 'worktree');

    const verdictOfA = (s: AppState) =>
      s.resources.find((r) => r.key.kind === 'ConfigMap' && r.key.name === 'a' && !r.parentId)?.sync;
    const log: Logged[] = [];
    let expected = 'Synced';
    const offs = [
      t.h.api.on('repo.changed', (e) => {
        if (e.appId === app.id && e.paths.includes('a.yaml')) log.push({ event: 'saved', expect: expected });
      }),
      t.h.api.on('state.changed', (s) => {
        if (s.appId === app.id && s.compareWith === 'worktree')
          log.push({ event: 'state', a: verdictOfA(s) });
      }),
    ];
    try {
      for (let i = 1; i <= 6; i++) {
        // A live change starts a comparison of both modes, HEAD first: the save follows as soon as
        // HEAD's is shown, while the working copy's is running.
        const headSeen = t.h.waitForEvent(
          'state.changed',
          (s) =>
            s.appId === app.id &&
            s.compareWith === 'HEAD' &&
            s.resources.some((r) => r.key.name === 'b' && r.sync === 'OutOfSync'),
          30_000,
        );
        await t.kubectl(
          'patch',
          'configmap',
          'b',
          '-n',
          ns,
          '--type=merge',
          '-p',
          JSON.stringify({ data: { v: `drift-${i}` } }),
        );
        await headSeen;
        expected = i % 2 ? 'OutOfSync' : 'Synced';
        const seen = t.h.waitForEvent(
          'state.changed',
          (s) => s.appId === app.id && s.compareWith === 'worktree' && verdictOfA(s) === expected,
          30_000,
        );
        await t.h.api.call('repo.writeFile', {
          appId: app.id,
          path: 'a.yaml',
          content: configMap('a', ns, { v: i % 2 ? '2' : '1' }),
        });
        await seen;
      }
    } finally {
      for (const off of offs) off();
    }
    // After each save was reported, the first working-copy state shown already holds it.
    const saves = log.filter((e) => e.event === 'saved').length;
    expect(saves).toBe(6);
    for (let i = 0; i < log.length; i++) {
      const e = log[i]!;
      if (e.event !== 'saved') continue;
      const next = log.slice(i + 1).find((x) => x.event === 'state');
      expect(next).toEqual({ event: 'state', a: e.expect });
    }
  });
});
