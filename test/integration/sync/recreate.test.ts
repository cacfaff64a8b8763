import { describe, expect, it } from 'vitest';
import type { SyncOptions, SyncRun } from '../../../src-shared/model';
import {
  createClusterApp,
  deployment,
  job,
  namespaceYaml,
  noSyncOptions,
  resource,
  waitForState,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

/** The same Deployment with its selector and Pod labels changed: `spec.selector` is immutable. */
const relabelled = (name: string, ns: string, label: string) =>
  deployment(name, ns, 1).replaceAll(`{ app: ${name} }`, `{ app: ${label} }`);

describe('recreate: an update of an immutable field', () => {
  const t = useClusterTest('recreate');
  const { ns } = t;

  async function sync(appId: string, options: SyncOptions): Promise<SyncRun> {
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === appId, 120_000);
    await t.h.api.call('sync.start', { appId, options });
    return done;
  }
  const get = (kind: string, name: string, path: string) =>
    t.kubectl('get', kind, name, '-n', ns, '-o', `jsonpath={${path}}`);

  async function commit(appId: string, path: string, content: string) {
    await t.h.api.call('repo.writeFile', { appId, path, content });
    await t.h.api.call('repo.commit', { appId, paths: [path], message: `Change ${path}` });
  }

  it('a changed selector: the plan offers Recreate; without it nothing is deleted, with it the Deployment is recreated', async () => {
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `web-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'web.yaml': deployment('web', ns, 1) },
    });
    expect((await sync(app.id, noSyncOptions)).phase).toBe('Succeeded');
    const uid = await get('deployment', 'web', '.metadata.uid');
    await commit(app.id, 'web.yaml', relabelled('web', ns, 'web-v2'));
    await waitForState(
      t.h,
      app.id,
      'web OutOfSync',
      (s) => resource(s, 'Deployment', 'web')?.sync === 'OutOfSync',
    );

    const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    const offered = plan.items.find((i) => i.key.name === 'web')!;
    expect(offered.action).toBe('error');
    expect(offered.recreate).toEqual({ fields: ['spec.selector'], chosen: false });

    const refused = await sync(app.id, noSyncOptions);
    expect(refused.phase).toBe('Failed');
    expect(await get('deployment', 'web', '.metadata.uid')).toBe(uid);

    const options = { ...noSyncOptions, recreate: [offered.id] };
    const chosen = await t.h.api.call('sync.plan', { appId: app.id, options });
    expect(chosen.items.find((i) => i.id === offered.id)).toMatchObject({
      action: 'update',
      recreate: { chosen: true },
    });
    const run = await sync(app.id, options);
    expect(run.phase).toBe('Succeeded');
    expect(run.items.find((i) => i.id === offered.id)?.message).toBe('Deleted and created again');
    expect(await get('deployment', 'web', '.metadata.uid')).not.toBe(uid);
    expect(await get('deployment', 'web', '.spec.selector.matchLabels.app')).toBe('web-v2');
    await waitForState(t.h, app.id, 'web Synced', (s) => resource(s, 'Deployment', 'web')?.sync === 'Synced');
  });

  it('a Job whose sync-options say Force=true,Replace=true is recreated when its template changes, by auto-sync too', async () => {
    const nsJob = `${ns}-job`;
    const syncOptions = { 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' };
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `job-${ns}`,
      namespace: nsJob,
      files: {
        'ns.yaml': namespaceYaml(nsJob),
        'job.yaml': job('migrate', nsJob, { image: 'registry.k8s.io/pause:3.10', annotations: syncOptions }),
      },
      options: { prune: false, autoSync: true, selfHeal: false },
    });
    try {
      expect((await sync(app.id, noSyncOptions)).phase).toBe('Succeeded');
      const uid = await t.kubectl('get', 'job', 'migrate', '-n', nsJob, '-o', 'jsonpath={.metadata.uid}');
      const auto = t.h.waitForEvent(
        'sync.finished',
        (r) => r.appId === app.id && r.trigger === 'auto-sync',
        120_000,
      );
      await commit(
        app.id,
        'job.yaml',
        job('migrate', nsJob, { image: 'registry.k8s.io/pause:3.9', annotations: syncOptions }),
      );
      const run = await auto;
      expect(run.phase).toBe('Succeeded');
      expect(
        await t.kubectl('get', 'job', 'migrate', '-n', nsJob, '-o', 'jsonpath={.metadata.uid}'),
      ).not.toBe(uid);
      expect(
        await t.kubectl(
          'get',
          'job',
          'migrate',
          '-n',
          nsJob,
          '-o',
          'jsonpath={.spec.template.spec.containers[0].image}',
        ),
      ).toBe('registry.k8s.io/pause:3.9');
    } finally {
      await t.kubectl('delete', 'namespace', nsJob, '--ignore-not-found', '--wait=false');
    }
  });

  it('never deletes an object this app did not create, even when Recreate is chosen', async () => {
    await t.kubectl('create', 'deployment', 'foreign', '-n', ns, '--image=registry.k8s.io/pause:3.10');
    const uid = await get('deployment', 'foreign', '.metadata.uid');
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `foreign-${ns}`,
      namespace: ns,
      files: { 'foreign.yaml': relabelled('foreign', ns, 'other') },
    });
    const plan = await t.h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    const item = plan.items.find((i) => i.key.name === 'foreign')!;
    expect(item.recreate?.chosen).toBe(false);
    const run = await sync(app.id, { ...noSyncOptions, recreate: [item.id] });
    expect(run.phase).toBe('Failed');
    expect(run.items.find((i) => i.id === item.id)?.message).toMatch(/was not created by this app/);
    expect(await get('deployment', 'foreign', '.metadata.uid')).toBe(uid);
  });
});
