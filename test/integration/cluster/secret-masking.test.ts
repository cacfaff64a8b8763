import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RequestName } from '../../../src-shared/api';
import { startTestCore, type TestCore } from '../../support/core-client';
import {
  configMap,
  createClusterApp,
  kubectlFor,
  namespaceYaml,
  noSyncOptions,
  resource,
  uniqueSuffix,
  waitForState,
  type Kubectl,
} from '../../support/kube-fixtures';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('Secret values', () => {
  const ns = `secret-${uniqueSuffix()}`;
  const values = [
    's3cr3t-password-value',
    'token-in-string-data',
    'rotated-password-value',
    'live-only-tampered',
  ];
  let h: TestCore;
  let sandbox: Sandbox;
  let kubectl: Kubectl;
  const captured: string[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox();
    kubectl = kubectlFor(inject('kubectl'), inject('kubeconfig'));
    h = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: inject('kubeconfig') } });
    h.core.events.subscribe((name, payload) => captured.push(`${name} ${JSON.stringify(payload)}`));
  });
  afterAll(async () => {
    await h?.close();
    await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false').catch(() => undefined);
    await sandbox?.cleanup();
  });

  async function call<N extends RequestName>(
    name: N,
    params: Parameters<TestCore['api']['call']>[1] & object,
  ): Promise<unknown> {
    try {
      const result = await h.api.call(name, params as never);
      captured.push(`${name} ${JSON.stringify(result)}`);
      return result;
    } catch (err) {
      captured.push(`${name} error ${JSON.stringify(err)} ${(err as Error).message}`);
      throw err;
    }
  }

  it('never appear in any response or event during sync, diff, drift and history', async () => {
    const secret = (password: string) => `apiVersion: v1
kind: Secret
metadata:
  name: creds
  namespace: ${ns}
type: Opaque
data:
  password: ${b64(password)}
stringData:
  token: ${values[1]}
`;
    const app = await createClusterApp(h, sandbox, {
      name: `secret-${ns}`,
      namespace: ns,
      files: {
        'ns.yaml': namespaceYaml(ns),
        'secret.yaml': secret(values[0]!),
        'cm.yaml': configMap('plain', ns, { visible: 'yes' }),
      },
    });
    const id = `/Secret/${ns}/creds`;
    await call('state.get', { appId: app.id, compareWith: 'HEAD' });
    await call('state.diff', { appId: app.id, resourceId: id, compareWith: 'HEAD' });
    await call('sync.plan', { appId: app.id, options: noSyncOptions });
    const done = h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await call('sync.start', { appId: app.id, options: noSyncOptions });
    await done;
    await waitForState(h, app.id, 'synced', (s) => s.sync === 'Synced');
    const synced = (await call('state.diff', { appId: app.id, resourceId: id, compareWith: 'HEAD' })) as {
      changedSecretKeys?: string[];
      desiredYaml: string;
    };
    expect(synced.changedSecretKeys).toEqual([]);
    expect(synced.desiredYaml).toContain('password: ++++++++');

    // Preview an edit of one value: the key shows as changed, neither value shows.
    await call('repo.writeFile', { appId: app.id, path: 'secret.yaml', content: secret(values[2]!) });
    const preview = (await call('state.diff', {
      appId: app.id,
      resourceId: id,
      compareWith: 'worktree',
    })) as { changedSecretKeys?: string[] };
    expect(preview.changedSecretKeys).toEqual(['password']);
    await call('state.get', { appId: app.id, compareWith: 'worktree' });

    // Drift on the Secret itself: the notice and state events must stay clean too.
    const drift = h.waitForEvent(
      'state.changed',
      (s) => s.appId === app.id && resource(s, 'Secret', 'creds')?.sync === 'OutOfSync',
      10_000,
    );
    await kubectl(
      'patch',
      'secret',
      'creds',
      '-n',
      ns,
      '--type=merge',
      '-p',
      JSON.stringify({ data: { password: b64(values[3]!) } }),
    );
    await drift;
    await call('state.diff', { appId: app.id, resourceId: id, compareWith: 'HEAD' });
    await call('sync.history', { appId: app.id });
    await call('state.events', { appId: app.id, resourceId: id });

    const all = captured.join('\n');
    expect(all).toContain('creds');
    for (const v of values) {
      expect(all).not.toContain(v);
      expect(all).not.toContain(b64(v));
    }
  });
});
