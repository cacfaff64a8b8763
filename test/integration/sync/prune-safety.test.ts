import { describe, expect, it } from 'vitest';
import type { SyncOptions, SyncRun } from '../../../src-shared/model';
import {
  configMap,
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
  resource,
  waitFor,
  waitForState,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

/** deployment.yaml with the user's typo: `replicas` indented by one space too many. */
function brokenDeployment(name: string, ns: string): string {
  return deployment(name, ns, 1).replace('\n  replicas: 1', '\n   replicas: 1');
}

describe('prune never deletes what a broken file defined', () => {
  const t = useClusterTest('prunesafe');
  const { ns } = t;

  async function sync(appId: string, options: SyncOptions): Promise<SyncRun> {
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === appId, 120_000);
    await t.h.api.call('sync.start', { appId, options });
    return done;
  }
  const uidOf = (name: string, namespace = ns) =>
    t.kubectl('get', 'deployment', name, '-n', namespace, '-o', 'jsonpath={.metadata.uid}');

  it('typo in deployment.yaml, commit, Sync with prune: the Deployment keeps its uid and the plan says why', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `typo-${ns}`,
      namespace: ns,
      files: {
        'ns.yaml': namespaceYaml(ns),
        'deployment.yaml': deployment('catalog', ns, 1),
        'config.yaml': configMap('settings', ns, { a: '1' }),
      },
    });
    expect((await sync(app.id, noSyncOptions)).phase).toBe('Succeeded');
    const uid = await uidOf('catalog');
    expect(uid).not.toBe('');

    const broken = brokenDeployment('catalog', ns);
    await t.h.api.call('repo.writeFile', { appId: app.id, path: 'deployment.yaml', content: broken });
    await t.h.api.call('repo.commit', {
      appId: app.id,
      paths: ['deployment.yaml'],
      message: 'Tweak replicas',
    });

    const plan = await t.h.api.call('sync.plan', {
      appId: app.id,
      options: { ...noSyncOptions, prune: true },
    });
    expect(plan.items.filter((i) => i.action === 'prune')).toEqual([]);
    expect(plan.prune?.blocked).toMatch(/deployment\.yaml:\d+/);
    const kept = plan.items.find((i) => i.key.kind === 'Deployment');
    expect(kept?.message).toMatch(/Manifest problem at deployment\.yaml:\d+/);

    for (const compareWith of ['HEAD', 'worktree'] as const) {
      const state = await waitForState(
        t.h,
        app.id,
        `${compareWith}: deployment guarded`,
        (s) => resource(s, 'Deployment', 'catalog')?.sync === 'Unknown',
        compareWith,
      );
      const d = resource(state, 'Deployment', 'catalog')!;
      expect(d.syncReason).toMatch(/^Manifest problem at deployment\.yaml:\d+/);
      expect(d.source?.file).toBe('deployment.yaml');
      expect(state.resources.some((r) => r.sync === 'Extraneous')).toBe(false);
      const diff = await t.h.api.call('state.diff', { appId: app.id, resourceId: d.id, compareWith });
      expect(diff.desiredUnknown).toMatch(/^Manifest problem at deployment\.yaml:\d+/);
      expect(diff.liveYaml).toContain('name: catalog');
    }

    const run = await sync(app.id, { ...noSyncOptions, prune: true, confirm: app.name });
    expect(run.deleted).toBeUndefined();
    expect(run.items.some((i) => i.phase === 'pruned')).toBe(false);
    expect(await uidOf('catalog')).toBe(uid);
    const history = await t.h.api.call('sync.history', { appId: app.id });
    expect(history.runs.some((r) => (r.deleted ?? []).length > 0)).toBe(false);
    expect(history.runs.flatMap((r) => r.items).some((i) => i.phase === 'pruned')).toBe(false);
  });

  it('typo in the kind (Deploymnet), commit, Sync with prune: the Deployment is kept, the plan names the file', async () => {
    const nsKind = `${ns}-kind`;
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `kind-${ns}`,
      namespace: nsKind,
      files: {
        'ns.yaml': namespaceYaml(nsKind),
        'deployment.yaml': deployment('orders', nsKind, 1),
        'config.yaml': configMap('settings', nsKind, { a: '1' }),
      },
    });
    try {
      expect((await sync(app.id, noSyncOptions)).phase).toBe('Succeeded');
      const uid = await uidOf('orders', nsKind);
      const typo = deployment('orders', nsKind, 1).replace('kind: Deployment', 'kind: Deploymnet');
      expect(typo).toContain('Deploymnet');
      await t.h.api.call('repo.writeFile', { appId: app.id, path: 'deployment.yaml', content: typo });
      await t.h.api.call('repo.commit', { appId: app.id, paths: ['deployment.yaml'], message: 'Rename' });

      const plan = await t.h.api.call('sync.plan', {
        appId: app.id,
        options: { ...noSyncOptions, prune: true },
      });
      expect(plan.items.filter((i) => i.action === 'prune')).toEqual([]);
      expect(plan.prune?.blocked).toMatch(/deployment\.yaml:\d+.*Deploymnet/);
      const state = await waitForState(
        t.h,
        app.id,
        'deployment guarded',
        (s) => resource(s, 'Deployment', 'orders')?.sync === 'Unknown',
      );
      expect(resource(state, 'Deployment', 'orders')?.syncReason).toMatch(/deployment\.yaml:\d+/);
      expect(state.problems.map((p) => p.file)).toContain('deployment.yaml');

      const run = await sync(app.id, { ...noSyncOptions, prune: true, confirm: app.name });
      expect(run.items.some((i) => i.phase === 'pruned')).toBe(false);
      expect(await uidOf('orders', nsKind)).toBe(uid);
    } finally {
      await t.kubectl('delete', 'namespace', nsKind, '--ignore-not-found', '--wait=false');
    }
  });

  it('the same with auto-sync and prune on: nothing deleted, a notice says why', async () => {
    const name = 'auto';
    const nsAuto = `${ns}-auto`;
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `auto-${ns}`,
      namespace: nsAuto,
      files: { 'ns.yaml': namespaceYaml(nsAuto), 'deployment.yaml': deployment(name, nsAuto, 1) },
      options: { autoSync: true, prune: true, selfHeal: false },
    });
    try {
      expect((await sync(app.id, noSyncOptions)).phase).toBe('Succeeded');
      const uid = await uidOf(name, nsAuto);
      const notice = t.h.waitForEvent(
        'notice',
        (n) => n.appId === app.id && /auto-sync did not prune/.test(n.message),
        60_000,
      );
      const autoRun = t.h.waitForEvent(
        'sync.finished',
        (r) => r.appId === app.id && r.trigger === 'auto-sync',
        60_000,
      );
      const broken = brokenDeployment(name, nsAuto);
      await t.h.api.call('repo.writeFile', { appId: app.id, path: 'deployment.yaml', content: broken });
      await t.h.api.call('repo.commit', { appId: app.id, paths: ['deployment.yaml'], message: 'Oops' });
      expect((await notice).message).toMatch(/deployment\.yaml:\d+/);
      const run = await autoRun;
      expect(run.deleted).toBeUndefined();
      expect(await uidOf(name, nsAuto)).toBe(uid);
    } finally {
      await t.kubectl('delete', 'namespace', nsAuto, '--ignore-not-found', '--wait=false');
    }
  });

  it('a large prune needs the app name typed, enforced by the core; the run names its deletions', async () => {
    const nsBig = `${ns}-big`;
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `big-${ns}`,
      namespace: nsBig,
      files: {
        'ns.yaml': namespaceYaml(nsBig),
        'a.yaml': configMap('a', nsBig, { a: '1' }),
        'b.yaml': configMap('b', nsBig, { b: '1' }),
        'c.yaml': configMap('c', nsBig, { c: '1' }),
      },
    });
    try {
      expect((await sync(app.id, noSyncOptions)).phase).toBe('Succeeded');
      for (const f of ['b.yaml', 'c.yaml']) await t.h.api.call('repo.deleteFile', { appId: app.id, path: f });
      await t.h.api.call('repo.commit', { appId: app.id, paths: ['b.yaml', 'c.yaml'], message: 'Drop b, c' });
      await waitForState(
        t.h,
        app.id,
        'b, c extraneous',
        (s) => resource(s, 'ConfigMap', 'c')?.sync === 'Extraneous',
      );
      const plan = await t.h.api.call('sync.plan', {
        appId: app.id,
        options: { ...noSyncOptions, prune: true },
      });
      expect(plan.prune?.confirm).toEqual({
        phrase: app.name,
        reason: "This prune deletes 2 of the app's 4 objects.",
      });

      const refused = await sync(app.id, { ...noSyncOptions, prune: true });
      expect(refused.phase).toBe('Failed');
      expect(refused.message).toMatch(/Type the app's name/);
      expect(await t.kubectl('get', 'configmap', 'c', '-n', nsBig, '-o', 'name')).toBe('configmap/c');

      const wrong = await sync(app.id, { ...noSyncOptions, prune: true, confirm: 'nope' });
      expect(wrong.phase).toBe('Failed');

      const run = await sync(app.id, { ...noSyncOptions, prune: true, confirm: app.name });
      expect(run.phase).toBe('Succeeded');
      expect(run.deleted?.map((d) => d.key.name).sort()).toEqual(['b', 'c']);
      expect(run.message).toMatch(/deleted 2: ConfigMap/);
      await waitFor('c deleted', async () =>
        (await t.kubectl('get', 'configmap', 'c', '-n', nsBig, '--ignore-not-found', '-o', 'name')) === ''
          ? true
          : undefined,
      );
      const history = await t.h.api.call('sync.history', { appId: app.id });
      expect(history.runs[0]?.deleted?.length).toBe(2);
    } finally {
      await t.kubectl('delete', 'namespace', nsBig, '--ignore-not-found', '--wait=false');
    }
  });

  it("Prune=false in an object's sync-options: removed from git and synced with prune, it stays", async () => {
    const nsKeep = `${ns}-keep`;
    const kept = configMap('kept', nsKeep, { a: '1' }).replace(
      'metadata:\n',
      "metadata:\n  annotations:\n    argocd.argoproj.io/sync-options: 'Prune=false'\n",
    );
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `keep-${ns}`,
      namespace: nsKeep,
      files: {
        'ns.yaml': namespaceYaml(nsKeep),
        'kept.yaml': kept,
        'gone.yaml': configMap('gone', nsKeep, { a: '1' }),
        'a.yaml': configMap('a', nsKeep, { a: '1' }),
        'b.yaml': configMap('b', nsKeep, { a: '1' }),
        'c.yaml': configMap('c', nsKeep, { a: '1' }),
        'd.yaml': configMap('d', nsKeep, { a: '1' }),
      },
    });
    try {
      expect((await sync(app.id, noSyncOptions)).phase).toBe('Succeeded');
      for (const f of ['kept.yaml', 'gone.yaml'])
        await t.h.api.call('repo.deleteFile', { appId: app.id, path: f });
      await t.h.api.call('repo.commit', {
        appId: app.id,
        paths: ['kept.yaml', 'gone.yaml'],
        message: 'Drop two',
      });
      const state = await waitForState(
        t.h,
        app.id,
        'both extraneous',
        (s) =>
          resource(s, 'ConfigMap', 'kept')?.sync === 'Extraneous' &&
          resource(s, 'ConfigMap', 'gone')?.sync === 'Extraneous',
      );
      expect(resource(state, 'ConfigMap', 'kept')?.syncReason).toMatch(/Prune=false/);
      const plan = await t.h.api.call('sync.plan', {
        appId: app.id,
        options: { ...noSyncOptions, prune: true },
      });
      expect(plan.items.filter((i) => i.action === 'prune').map((i) => i.key.name)).toEqual(['gone']);
      expect(plan.items.find((i) => i.key.name === 'kept')?.message).toMatch(/Prune=false/);

      const run = await sync(app.id, { ...noSyncOptions, prune: true, confirm: app.name });
      expect(run.phase).toBe('Succeeded');
      expect(run.deleted?.map((d) => d.key.name)).toEqual(['gone']);
      expect(await t.kubectl('get', 'configmap', 'kept', '-n', nsKeep, '-o', 'name')).toBe('configmap/kept');
    } finally {
      await t.kubectl('delete', 'namespace', nsKeep, '--ignore-not-found', '--wait=false');
    }
  });

  it('renamed to a Deployment the server rejects, Sync with prune: the old one is not deleted while its successor fails', async () => {
    const nsRename = `${ns}-rename`;
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `rename-${ns}`,
      namespace: nsRename,
      files: {
        'ns.yaml': namespaceYaml(nsRename),
        'deployment.yaml': deployment('billing', nsRename, 1),
        'a.yaml': configMap('a', nsRename, { a: '1' }),
        'b.yaml': configMap('b', nsRename, { a: '1' }),
        'c.yaml': configMap('c', nsRename, { a: '1' }),
      },
    });
    try {
      expect((await sync(app.id, noSyncOptions)).phase).toBe('Succeeded');
      const uid = await uidOf('billing', nsRename);
      const renamed = deployment('billing-v2', nsRename, 1).replace('replicas: 1', 'replicas: -1');
      expect(renamed).toContain('replicas: -1');
      await t.h.api.call('repo.writeFile', { appId: app.id, path: 'deployment.yaml', content: renamed });
      await t.h.api.call('repo.commit', { appId: app.id, paths: ['deployment.yaml'], message: 'Rename' });
      await waitForState(
        t.h,
        app.id,
        'the old Deployment extraneous',
        (s) => resource(s, 'Deployment', 'billing')?.sync === 'Extraneous',
      );

      const run = await sync(app.id, { ...noSyncOptions, prune: true, confirm: app.name });
      expect(run.phase).toBe('Failed');
      expect(run.deleted).toBeUndefined();
      const pruneItem = run.items.find((i) => i.key.name === 'billing');
      expect(pruneItem?.phase).toBe('skipped');
      expect(pruneItem?.message).toMatch(/failed to apply/);
      expect(await uidOf('billing', nsRename)).toBe(uid);
    } finally {
      await t.kubectl('delete', 'namespace', nsRename, '--ignore-not-found', '--wait=false');
    }
  });
});
