import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { startTestCore, type TestCore } from '../../support/core-client';
import { adminContext, restrictedContext } from '../../support/kube-fixtures';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';

describe('cluster access', () => {
  let h: TestCore;
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox();
    const real = parse(await readFile(inject('kubeconfig'), 'utf8')) as {
      clusters: { cluster: { server: string } }[];
    };
    const server = real.clusters[0]!.cluster.server;
    const extra = join(sandbox.root, 'extra-kubeconfig');
    await writeFile(
      extra,
      `apiVersion: v1
kind: Config
clusters:
  - name: no-ca
    cluster: { server: "${server}" }
  - name: skip-tls
    cluster: { server: "${server}", insecure-skip-tls-verify: true }
users:
  - name: bad-token
    user: { token: definitely-not-valid }
contexts:
  - name: wrong-ca
    context: { cluster: no-ca, user: bad-token }
  - name: bad-token
    context: { cluster: skip-tls, user: bad-token }
`,
    );
    h = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: `${inject('kubeconfig')}:${extra}` } });
  });
  afterAll(async () => {
    await h?.close();
    await sandbox?.cleanup();
  });

  it('lists contexts from every kubeconfig file and namespaces per context', async () => {
    const { contexts } = await h.api.call('kube.contexts', {});
    expect(contexts.map((c) => c.name)).toEqual(
      expect.arrayContaining([adminContext, restrictedContext, 'wrong-ca', 'bad-token']),
    );
    const { namespaces } = await h.api.call('kube.namespaces', { context: adminContext });
    expect(namespaces).toEqual(expect.arrayContaining(['default', 'kube-system', 'restricted-ns']));
  });

  it('checks connections with specific statuses', async () => {
    const ok = await h.api.call('kube.check', { context: adminContext });
    expect(ok.status).toBe('connected');
    expect(ok.serverVersion).toMatch(/^v1\./);
    const tls = await h.api.call('kube.check', { context: 'wrong-ca' });
    expect(tls.status).toBe('tls');
    expect(tls.message).toMatch(/TLS failure/);
    const unauthorized = await h.api.call('kube.check', { context: 'bad-token' });
    expect(unauthorized.status).toBe('unauthorized');
    expect(unauthorized.message).toMatch(/401/);
  });

  it('serves JSON schemas per apiVersion and kind, with references resolvable inside each', async () => {
    const { schemas } = await h.api.call('kube.schemas', { context: adminContext });
    const deployment = schemas.find((s) => s.apiVersion === 'apps/v1' && s.kind === 'Deployment')!;
    expect(deployment).toBeDefined();
    const schema = deployment.schema as {
      properties: Record<string, unknown>;
      components: { schemas: Record<string, unknown> };
    };
    expect(schema.properties.spec).toBeDefined();
    const refs = JSON.stringify(schema).match(/#\/components\/schemas\/[^"]+/g) ?? [];
    for (const ref of refs)
      expect(schema.components.schemas).toHaveProperty([ref.slice('#/components/schemas/'.length)]);
    expect(schemas.some((s) => s.apiVersion === 'v1' && s.kind === 'ConfigMap')).toBe(true);
    // Cached per context: the second call is the same object.
    expect((await h.api.call('kube.schemas', { context: adminContext })).schemas.length).toBe(schemas.length);
  });
});
