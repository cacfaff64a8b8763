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

const top = (s: AppState) =>
  s.resources
    .filter((r) => !r.parentId)
    .map((r) => `${r.key.kind}/${r.key.name}=${r.sync}`)
    .sort();

describe('saving a file updates the working-copy state incrementally', () => {
  const t = useClusterTest('incr');
  const { ns } = t;

  it('changed, added and removed files show at once, and nothing stale remains', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `incr-${ns}`,
      namespace: ns,
      files: {
        'ns.yaml': namespaceYaml(ns),
        'a.yaml': configMap('a', ns, { v: '1' }),
        'b.yaml': configMap('b', ns, { v: '1' }),
        'sub/c.yaml': configMap('c', ns, { v: '1' }),
      },
    });
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    await t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await waitForState(t.h, app.id, 'synced', (s) => s.sync === 'Synced');
    // Looking at the working copy once makes the core keep it current (as the editor does).
    await waitForState(t.h, app.id, 'worktree synced', (s) => s.sync === 'Synced', 'worktree');

    const next = (predicate: (s: AppState) => boolean) =>
      t.h.waitForEvent(
        'state.changed',
        (s) => s.appId === app.id && s.compareWith === 'worktree' && predicate(s),
        30_000,
      );
    const sync = (s: AppState, name: string) =>
      s.resources.find((r) => r.key.kind === 'ConfigMap' && r.key.name === name && !r.parentId)?.sync;

    // Changed.
    let seen = next((s) => sync(s, 'a') === 'OutOfSync');
    await t.h.api.call('repo.writeFile', {
      appId: app.id,
      path: 'a.yaml',
      content: configMap('a', ns, { v: '2' }),
    });
    let state = await seen;
    expect(sync(state, 'b')).toBe('Synced');
    expect(sync(state, 'c')).toBe('Synced');

    // Added, in a new folder.
    seen = next((s) => sync(s, 'd') === 'Missing');
    await t.h.api.call('repo.writeFile', {
      appId: app.id,
      path: 'new/deeper/d.yaml',
      content: configMap('d', ns, { v: '1' }),
    });
    state = await seen;
    expect(sync(state, 'a')).toBe('OutOfSync');

    // Removed: what this app applied and git no longer has is extraneous.
    seen = next((s) => sync(s, 'b') === 'Extraneous');
    await t.h.api.call('repo.deleteFile', { appId: app.id, path: 'b.yaml' });
    state = await seen;
    expect(sync(state, 'd')).toBe('Missing');

    // Changed back: Synced again (the earlier OutOfSync verdict is not kept).
    seen = next((s) => sync(s, 'a') === 'Synced');
    await t.h.api.call('repo.writeFile', {
      appId: app.id,
      path: 'a.yaml',
      content: configMap('a', ns, { v: '1' }),
    });
    state = await seen;

    // Nothing stale: a hard refresh (every cache dropped, everything read again) sees the same.
    const scratch = await t.h.api.call('state.refresh', {
      appId: app.id,
      compareWith: 'worktree',
      hard: true,
    });
    expect(top(scratch)).toEqual(top(state));
    expect(top(state)).toEqual([
      'ConfigMap/a=Synced',
      'ConfigMap/b=Extraneous',
      'ConfigMap/c=Synced',
      'ConfigMap/d=Missing',
      `Namespace/${ns}=Synced`,
    ]);
    // The committed state did not move.
    const head = await t.h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    expect(head.sync).toBe('Synced');
  });
});
