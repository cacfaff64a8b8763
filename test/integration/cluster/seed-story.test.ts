import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core-client';
import { kubectlFor, noSyncOptions, resource, waitForState, type Kubectl } from '../../support/kube-fixtures';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';

// The story from the README, at API level: sample app → sync → edit → diff → commit → sync → rollback.
describe('seed story', () => {
  let h: TestCore;
  let sandbox: Sandbox;
  let kubectl: Kubectl;

  beforeAll(async () => {
    sandbox = await createSandbox();
    kubectl = kubectlFor(inject('kubectl'), inject('kubeconfig'));
    await kubectl('delete', 'namespace', 'guestbook', '--ignore-not-found', '--wait=true');
    h = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: inject('kubeconfig') } });
  });
  afterAll(async () => {
    await h?.close();
    await kubectl('delete', 'namespace', 'guestbook', '--ignore-not-found', '--wait=false').catch(
      () => undefined,
    );
    await sandbox?.cleanup();
  });

  it('syncs the sample, previews and applies an edit, and rolls it back', async () => {
    const app = await h.api.call('apps.createSample', { context: 'gitops-desktop-test' });
    const first = await h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    expect(first.connection.status).toBe('connected');
    expect(first.resources.filter((r) => !r.parentId).map((r) => r.sync)).toEqual([
      'Missing',
      'Missing',
      'Missing',
      'Missing',
    ]);
    expect(first.sync).toBe('OutOfSync');

    const plan = await h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(plan.items.map((i) => `${i.key.kind}:${i.action}`)).toEqual([
      'Namespace:create',
      'ConfigMap:create',
      'Service:create',
      'Deployment:create',
    ]);

    const finished = h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    const run = await finished;
    expect(run.phase, run.message).toBe('Succeeded');
    const synced = await waitForState(
      h,
      app.id,
      'Synced and Healthy',
      (s) => s.sync === 'Synced' && s.health === 'Healthy',
    );
    expect(resource(synced, 'Deployment', 'guestbook-ui')?.info).toBe('1/1 ready');
    expect(synced.resources.some((r) => r.key.kind === 'Pod' && r.parentId)).toBe(true);

    const original = (await h.api.call('repo.readFile', { appId: app.id, path: 'deployment.yaml' })).content;
    await h.api.call('repo.writeFile', {
      appId: app.id,
      path: 'deployment.yaml',
      content: original.replace('replicas: 1', 'replicas: 2'),
    });
    const preview = await h.api.call('state.get', { appId: app.id, compareWith: 'worktree' });
    const dep = resource(preview, 'Deployment', 'guestbook-ui')!;
    expect(dep.sync).toBe('OutOfSync');
    const diff = await h.api.call('state.diff', {
      appId: app.id,
      resourceId: dep.id,
      compareWith: 'worktree',
    });
    expect(diff.liveYaml).toContain('replicas: 1');
    expect(diff.desiredYaml).toContain('replicas: 2');
    expect((await h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' })).sync).toBe('Synced');

    const { oid } = await h.api.call('repo.commit', {
      appId: app.id,
      paths: ['deployment.yaml'],
      message: 'Two replicas',
    });
    const head = await h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    expect(resource(head, 'Deployment', 'guestbook-ui')?.sync).toBe('OutOfSync');

    const second = h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    expect((await second).phase).toBe('Succeeded');
    const two = await waitForState(
      h,
      app.id,
      '2 ready replicas',
      (s) => s.health === 'Healthy' && resource(s, 'Deployment', 'guestbook-ui')?.info === '2/2 ready',
    );
    expect(two.sync).toBe('Synced');

    const third = h.waitForEvent(
      'sync.finished',
      (r) => r.appId === app.id && r.trigger === 'rollback',
      90_000,
    );
    const { revertOid } = await h.api.call('sync.rollback', { appId: app.id, oid, options: noSyncOptions });
    expect(revertOid).toMatch(/^[0-9a-f]{40}$/);
    expect((await third).phase).toBe('Succeeded');
    const back = await waitForState(
      h,
      app.id,
      'back to 1 replica',
      (s) => s.health === 'Healthy' && resource(s, 'Deployment', 'guestbook-ui')?.info === '1/1 ready',
    );
    expect(back.sync).toBe('Synced');
    expect(
      await kubectl(
        'get',
        'deployment',
        '-n',
        'guestbook',
        'guestbook-ui',
        '-o',
        'jsonpath={.spec.replicas}',
      ),
    ).toBe('1');

    const history = await h.api.call('sync.history', { appId: app.id });
    expect(history.runs.map((r) => r.trigger)).toEqual(['rollback', 'manual', 'manual']);
  });
});
