import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncItemResult, SyncOptions, SyncRun } from '../../../src-shared/model';
import {
  configMap,
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
  resource,
  waitFor,
  waitForState,
  job,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

/**
 * KWOK completes every Job pod it runs and never fails one: a Job fails here by running out of
 * time (activeDeadlineSeconds) while its pod cannot be scheduled, which the real Job controller
 * turns into a Failed condition (DeadlineExceeded).
 */
const failing = (name: string, ns: string, annotations: Record<string, string>) =>
  job(name, ns, {
    annotations,
    spec: '  activeDeadlineSeconds: 2\n',
    podSpec: '      nodeSelector: { no-such-node: "true" }\n',
  });

const preSync = { 'argocd.argoproj.io/hook': 'PreSync' };

describe('resource hooks', () => {
  const t = useClusterTest('hooks');
  const { ns } = t;

  beforeAll(async () => {
    await t.kubectl('create', 'namespace', ns);
  });

  async function sync(appId: string, options: SyncOptions = noSyncOptions): Promise<SyncRun> {
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === appId, 120_000);
    await t.h.api.call('sync.start', { appId, options });
    return done;
  }
  const get = (kind: string, name: string, path: string) =>
    t.kubectl('get', kind, name, '-n', ns, '-o', `jsonpath={${path}}`);
  const exists = async (kind: string, name: string) =>
    (await t.kubectl('get', kind, name, '-n', ns, '--ignore-not-found', '-o', 'name')).trim() !== '';

  it('runs a PreSync Job to completion before the wave-0 Deployment; the hook is not Extraneous, not pruned, and the app is Synced', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `pre-${ns}`,
      namespace: ns,
      files: {
        'migrate.yaml': job('migrate', ns, { annotations: preSync }),
        'deployment.yaml': deployment('web', ns, 1),
      },
    });
    const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(plan.items.map((i) => [i.key.name, i.hook ?? '-'])).toEqual([
      ['migrate', 'PreSync'],
      ['web', '-'],
    ]);
    expect(plan.items[0]?.message).toMatch(/^PreSync hook: runs before wave 0/);

    const seen: SyncItemResult[] = [];
    const off = t.h.api.on('sync.progress', (p) => {
      if (p.appId === app.id) seen.push(p.item);
    });
    const run = await sync(app.id);
    off();
    expect(run.phase).toBe('Succeeded');
    expect(run.items.find((i) => i.key.name === 'migrate')).toMatchObject({
      hook: 'PreSync',
      phase: 'healthy',
    });
    // The hook completed before the Deployment was even sent.
    const hookDone = seen.findIndex((i) => i.key.name === 'migrate' && i.phase === 'healthy');
    const webSent = seen.findIndex((i) => i.key.name === 'web' && i.phase === 'applying');
    expect(hookDone).toBeGreaterThanOrEqual(0);
    expect(webSent).toBeGreaterThan(hookDone);
    const completed = Date.parse(await get('job', 'migrate', '.status.completionTime'));
    const created = Date.parse(await get('deployment', 'web', '.metadata.creationTimestamp'));
    expect(created).toBeGreaterThanOrEqual(completed);
    expect(await get('job', 'migrate', '.metadata.annotations.argocd\\.argoproj\\.io/tracking-id')).toContain(
      'batch/Job',
    );

    const state = await waitForState(
      t.h,
      app.id,
      'synced with the hook done',
      (s) => resource(s, 'Deployment', 'web')?.sync === 'Synced',
    );
    expect(state.sync).toBe('Synced');
    expect(state.resources.some((r) => r.sync === 'Extraneous')).toBe(false);
    // Listed (with its Pods and logs) as a hook, outside the app's status.
    const listed = await waitForState(
      t.h,
      app.id,
      'the hook listed healthy',
      (s) => resource(s, 'Job', 'migrate')?.health === 'Healthy',
    );
    expect(resource(listed, 'Job', 'migrate')).toMatchObject({ hook: 'PreSync', sync: 'Synced' });
    expect(
      listed.resources.some(
        (r) => r.key.kind === 'Pod' && r.parentId === resource(listed, 'Job', 'migrate')!.id,
      ),
    ).toBe(true);

    const pruned = await sync(app.id, { ...noSyncOptions, prune: true, confirm: app.name });
    expect(pruned.phase).toBe('Succeeded');
    expect(pruned.items.some((i) => i.action === 'prune')).toBe(false);
    expect(await get('job', 'migrate', '.status.succeeded')).toBe('1');

    // Removed from git, the hook's object is still not this app's to delete.
    await t.sandbox.git(app.repoPath, 'rm', '-q', 'migrate.yaml');
    await t.sandbox.git(app.repoPath, 'commit', '-q', '-m', 'Migration done');
    const plan2 = await waitFor('the plan at the new commit', async () => {
      const p = await t.h.api.call('sync.plan', {
        appId: app.id,
        options: { ...noSyncOptions, prune: true },
      });
      return p.items.some((i) => i.key.name === 'migrate') ? undefined : p;
    });
    expect(plan2.items.filter((i) => i.action === 'prune')).toEqual([]);
    const after = await sync(app.id, { ...noSyncOptions, prune: true, confirm: app.name });
    expect(after.phase).toBe('Succeeded');
    expect(await exists('job', 'migrate')).toBe(true);
  });

  it('applies the Namespace the app defines before its PreSync hook, and runs a SyncFail hook when the sync fails', async () => {
    const own = `${ns}-own`;
    const cleanup = job('on-failure', own, {
      annotations: {
        'argocd.argoproj.io/hook': 'SyncFail',
        'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
      },
    });
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `own-${ns}`,
      namespace: own,
      files: {
        'ns.yaml': namespaceYaml(own),
        'migrate.yaml': job('migrate', own, { annotations: preSync }),
        'config.yaml': configMap('settings', own, { a: '1' }),
        'step.yaml': job('step', own, {
          annotations: {
            'argocd.argoproj.io/hook': 'Sync',
            'argocd.argoproj.io/sync-wave': '1',
            'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded',
          },
        }),
      },
    });
    try {
      const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
      expect(plan.items[0]).toMatchObject({ key: { kind: 'Namespace' } });
      expect(plan.items[0]?.movedReason).toMatch(/before the PreSync hooks/);
      const run = await sync(app.id);
      expect(run.phase).toBe('Succeeded');
      expect(run.items.map((i) => [i.key.kind, i.key.name, i.hook ?? '-', i.phase])).toEqual([
        ['Namespace', own, '-', 'healthy'],
        ['Job', 'migrate', 'PreSync', 'healthy'],
        ['ConfigMap', 'settings', '-', 'healthy'],
        ['Job', 'step', 'Sync', 'healthy'],
      ]);
      expect(run.items.find((i) => i.key.name === 'step')?.message).toMatch(/deleted by its delete policy/);
      await waitFor(
        'the Sync hook deleted',
        async () =>
          (await t.kubectl('get', 'job', 'step', '-n', own, '--ignore-not-found', '-o', 'name')).trim() ===
          '',
      );

      // Now a PreSync hook that fails: the SyncFail hook runs, and goes once it succeeded.
      await t.h.api.call('repo.writeFile', {
        appId: app.id,
        path: 'migrate.yaml',
        content: failing('migrate-v2', own, preSync),
      });
      await t.h.api.call('repo.writeFile', { appId: app.id, path: 'cleanup.yaml', content: cleanup });
      await t.h.api.call('repo.commit', {
        appId: app.id,
        paths: ['migrate.yaml', 'cleanup.yaml'],
        message: 'v2',
      });
      const failed = await sync(app.id);
      expect(failed.phase).toBe('Failed');
      const onFailure = failed.items.find((i) => i.key.name === 'on-failure');
      expect(onFailure).toMatchObject({ hook: 'SyncFail', phase: 'healthy' });
      expect(onFailure?.message).toMatch(/deleted by its delete policy/);
      await waitFor(
        'the SyncFail hook deleted',
        async () =>
          (
            await t.kubectl('get', 'job', 'on-failure', '-n', own, '--ignore-not-found', '-o', 'name')
          ).trim() === '',
      );
    } finally {
      await t
        .kubectl('delete', 'namespace', own, '--ignore-not-found', '--wait=false')
        .catch(() => undefined);
    }
  });

  it('a failing PreSync Job fails the run and nothing else is applied', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `fail-${ns}`,
      namespace: ns,
      files: {
        'migrate.yaml': failing('broken-migrate', ns, preSync),
        'deployment.yaml': deployment('never', ns, 1),
        'config.yaml': configMap('never-config', ns, { a: '1' }),
      },
    });
    const run = await sync(app.id);
    expect(run.phase).toBe('Failed');
    expect(run.message).toMatch(/PreSync hook Job .*broken-migrate failed; nothing else was applied/);
    expect(run.items.find((i) => i.key.name === 'broken-migrate')).toMatchObject({
      phase: 'failed',
      hook: 'PreSync',
    });
    expect(run.items.find((i) => i.key.name === 'broken-migrate')?.message).toMatch(/DeadlineExceeded/);
    expect(run.items.find((i) => i.key.name === 'never')?.phase).toBe('skipped');
    expect(await exists('deployment', 'never')).toBe(false);
    expect(await exists('configmap', 'never-config')).toBe(false);
    const state = await waitForState(
      t.h,
      app.id,
      'the failed hook listed',
      (st) => resource(st, 'Job', 'broken-migrate')?.health === 'Degraded',
    );
    expect(resource(state, 'Job', 'broken-migrate')?.hook).toBe('PreSync');
    // The app's health is that of its resources: the Deployment not there yet, not the hook's failure.
    expect(state.health).toBe('Missing');
  });

  it('never applies a Helm test Pod or a Skip object, and they are not desired state', async () => {
    const helmTest = `apiVersion: v1
kind: Pod
metadata:
  name: chart-test
  namespace: ${ns}
  annotations:
    helm.sh/hook: test
spec:
  containers:
    - name: t
      image: busybox
`;
    const skipped = configMap('skipped', ns, { a: '1' }).replace(
      'metadata:\n',
      'metadata:\n  annotations:\n    argocd.argoproj.io/hook: Skip\n',
    );
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `skip-${ns}`,
      namespace: ns,
      files: {
        'test.yaml': helmTest,
        'skipped.yaml': skipped,
        'config.yaml': configMap('kept', ns, { a: '1' }),
      },
    });
    const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(plan.items.filter((i) => i.hook === 'Skip').map((i) => [i.key.name, i.action])).toEqual([
      ['skipped', 'unchanged'],
      ['chart-test', 'unchanged'],
    ]);
    const run = await sync(app.id);
    expect(run.phase).toBe('Succeeded');
    expect(run.items.map((i) => i.key.name)).toEqual(['kept']);
    expect(await exists('pod', 'chart-test')).toBe(false);
    expect(await exists('configmap', 'skipped')).toBe(false);
    const state = await waitForState(t.h, app.id, 'synced', (s) => s.sync === 'Synced');
    expect(resource(state, 'Pod', 'chart-test')).toBeUndefined();
  });

  it('creates generateName hooks anew each sync; BeforeHookCreation replaces the named hook', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `gen-${ns}`,
      namespace: ns,
      files: {
        'gen.yaml': job('seed-', ns, { annotations: { 'argocd.argoproj.io/hook': 'PostSync' } }),
        'named.yaml': job('prepare', ns, { annotations: preSync }),
        'config.yaml': configMap('gen-config', ns, { a: '1' }),
      },
    });
    const seeds = async () =>
      (await t.kubectl('get', 'jobs', '-n', ns, '-o', 'name'))
        .split('\n')
        .filter((n) => n.startsWith('job.batch/seed-'));
    const first = await sync(app.id);
    expect(first.phase).toBe('Succeeded');
    expect(first.items.find((i) => i.hook === 'PostSync')).toMatchObject({ phase: 'healthy' });
    expect(first.items.find((i) => i.hook === 'PostSync')?.message).toMatch(/created as seed-\w+/);
    expect(await seeds()).toHaveLength(1);
    const uid = await get('job', 'prepare', '.metadata.uid');

    const second = await sync(app.id);
    expect(second.phase).toBe('Succeeded');
    expect(await seeds()).toHaveLength(2);
    const replaced = await get('job', 'prepare', '.metadata.uid');
    expect(replaced).not.toBe('');
    expect(replaced).not.toBe(uid);
    await waitFor(
      'the replaced hook complete',
      async () => (await get('job', 'prepare', '.status.succeeded')) === '1',
    );
  });

  it('the server rejecting a PreSync hook fails the run before anything is applied', async () => {
    const invalid = job('bad-hook', ns, { annotations: preSync }).replace(
      'backoffLimit: 0',
      'backoffLimit: -1',
    );
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `rej-${ns}`,
      namespace: ns,
      files: { 'bad.yaml': invalid, 'config.yaml': configMap('after-bad', ns, { a: '1' }) },
    });
    const run = await sync(app.id);
    expect(run.phase).toBe('Failed');
    expect(run.items.find((i) => i.key.name === 'bad-hook')).toMatchObject({ phase: 'failed' });
    expect(await exists('configmap', 'after-bad')).toBe(false);
  });

  it("never deletes an object of the hook's name that this app did not create", async () => {
    await t.kubectl('create', 'configmap', 'foreign-hook', '-n', ns, '--from-literal=owner=someone');
    const uid = await get('configmap', 'foreign-hook', '.metadata.uid');
    const hook = configMap('foreign-hook', ns, { owner: 'app' }).replace(
      'metadata:\n',
      'metadata:\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n',
    );
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `foreign-${ns}`,
      namespace: ns,
      files: { 'hook.yaml': hook, 'config.yaml': configMap('after-foreign', ns, { a: '1' }) },
    });
    const run = await sync(app.id);
    expect(run.phase).toBe('Failed');
    expect(run.items.find((i) => i.key.name === 'foreign-hook')?.message).toMatch(/not created by this app/);
    expect(await get('configmap', 'foreign-hook', '.metadata.uid')).toBe(uid);
    expect(await get('configmap', 'foreign-hook', '.data.owner')).toBe('someone');
    expect(await exists('configmap', 'after-foreign')).toBe(false);
  });
});
