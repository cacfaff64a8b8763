import { createServer } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectFailure, startTestCore, type TestCore } from '../../support/core-client';
import {
  configMap,
  createClusterApp,
  kubectlFor,
  namespaceYaml,
  noSyncOptions,
  restrictedContext,
  uniqueSuffix,
  type Kubectl,
} from '../../support/kube-fixtures';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe('API errors', () => {
  const suffix = uniqueSuffix();
  const ns = `errors-${suffix}`;
  let h: TestCore;
  let sandbox: Sandbox;
  let kubectl: Kubectl;

  beforeAll(async () => {
    sandbox = await createSandbox();
    kubectl = kubectlFor(inject('kubectl'), inject('kubeconfig'));
    const dead = join(sandbox.root, 'dead-kubeconfig');
    await writeFile(
      dead,
      `apiVersion: v1
kind: Config
clusters:
  - name: dead
    cluster: { server: "https://127.0.0.1:${await closedPort()}", insecure-skip-tls-verify: true }
users:
  - name: dead
    user: { token: not-a-real-token }
contexts:
  - name: dead
    context: { cluster: dead, user: dead, namespace: default }
`,
    );
    h = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: `${inject('kubeconfig')}:${dead}` } });
  });
  afterAll(async () => {
    await h?.close();
    await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false').catch(() => undefined);
    await kubectl('delete', 'configmap', `mine-${suffix}`, '-n', 'restricted-ns', '--ignore-not-found').catch(
      () => undefined,
    );
    await sandbox?.cleanup();
  });

  async function sync(appId: string, force = false) {
    const done = h.waitForEvent('sync.finished', (r) => r.appId === appId, 90_000);
    await h.api.call('sync.start', { appId, options: { ...noSyncOptions, force } });
    return done;
  }

  it('reports a field manager conflict with the manager, a 422 with the server message, and syncs the rest', async () => {
    await kubectl('create', 'namespace', ns);
    await kubectl.apply(
      configMap('contested', ns, { owner: 'theirs' }),
      '--server-side',
      '--field-manager=other-team',
    );
    const app = await createClusterApp(h, sandbox, {
      name: `errors-${suffix}`,
      namespace: ns,
      files: {
        'ns.yaml': namespaceYaml(ns),
        'contested.yaml': configMap('contested', ns, { owner: 'ours' }),
        'fine.yaml': configMap('fine', ns, { ok: 'yes' }),
        'bad.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\n  namespace: ${ns}\nspec:\n  ports:\n    - port: 99999\n`,
      },
    });
    const plan = await h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    const contestedPlan = plan.items.find((i) => i.key.name === 'contested')!;
    expect(contestedPlan.action).toBe('error');
    expect(contestedPlan.message).toContain('other-team');
    const badPlan = plan.items.find((i) => i.key.name === 'bad')!;
    expect(badPlan.action).toBe('error');
    expect(badPlan.message).toMatch(/Invalid value: 99999/);

    const run = await sync(app.id);
    expect(run.phase).toBe('Failed');
    const byName = Object.fromEntries(run.items.map((i) => [i.key.name, i]));
    expect(byName.contested?.phase).toBe('failed');
    expect(byName.contested?.message).toMatch(/conflict \(409\)/);
    expect(byName.contested?.message).toContain('Conflicting field manager: other-team');
    expect(byName.bad?.phase).toBe('failed');
    expect(byName.bad?.message).toMatch(/invalid \(422\).*Invalid value: 99999/);
    expect(byName.fine?.phase).toBe('healthy');
    expect(await kubectl('get', 'configmap', 'fine', '-n', ns, '-o', 'jsonpath={.data.ok}')).toBe('yes');

    const forced = await sync(app.id, true);
    expect(forced.items.find((i) => i.key.name === 'contested')?.phase).toBe('healthy');
    expect(await kubectl('get', 'configmap', 'contested', '-n', ns, '-o', 'jsonpath={.data.owner}')).toBe(
      'ours',
    );
  });

  it('reports 403 for what the restricted user may not touch and applies what it may', async () => {
    const app = await createClusterApp(h, sandbox, {
      name: `restricted-${suffix}`,
      namespace: 'restricted-ns',
      context: restrictedContext,
      files: {
        'mine.yaml': configMap(`mine-${suffix}`, 'restricted-ns', { a: '1' }),
        'theirs.yaml': configMap(`theirs-${suffix}`, 'default', { b: '2' }),
      },
    });
    const state = await h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    expect(state.connection.status).toBe('connected');
    const run = await sync(app.id);
    const mine = run.items.find((i) => i.key.name === `mine-${suffix}`)!;
    const theirs = run.items.find((i) => i.key.name === `theirs-${suffix}`)!;
    expect(mine.phase).toBe('healthy');
    expect(theirs.phase).toBe('failed');
    expect(theirs.message).toMatch(/forbidden \(403\).*restricted-user/);
    expect(await h.api.call('kube.namespaces', { context: restrictedContext })).toEqual({
      namespaces: ['restricted-ns'],
    });
  });

  it('reports an unreachable server specifically', async () => {
    const check = await h.api.call('kube.check', { context: 'dead' });
    expect(check.status).toBe('unreachable');
    expect(check.message).toMatch(
      /Cannot reach the API server at https:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    const app = await createClusterApp(h, sandbox, {
      name: `dead-${suffix}`,
      namespace: 'default',
      context: 'dead',
      files: { 'cm.yaml': configMap('x', 'default', {}) },
    });
    const state = await h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    expect(state.connection.status).toBe('unreachable');
    expect(state.sync).toBe('Unknown');
    expect(state.resources[0]?.sync).toBe('Unknown');
    const failure = await expectFailure(
      h.api.call('sync.plan', { appId: app.id, options: noSyncOptions }),
      'unreachable',
    );
    expect(failure.message).toContain('ECONNREFUSED');
    const run = await sync(app.id);
    expect(run.phase).toBe('Failed');
    expect(run.message).toContain('ECONNREFUSED');
    expect((await h.api.call('kube.check', { context: 'gitops-desktop-test' })).status).toBe('connected');
  });
});
