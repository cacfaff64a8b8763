import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { startTestCore, type TestCore } from '../../support/core-client';
import {
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

describe('custom resources', () => {
  const suffix = uniqueSuffix();
  const ns = `crd-${suffix}`;
  const group = `t${suffix}.example.com`;
  let h: TestCore;
  let sandbox: Sandbox;
  let kubectl: Kubectl;

  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.${group}
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: gadgets, singular: gadget, kind: Gadget }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`;
  const gadget = `apiVersion: ${group}/v1
kind: Gadget
metadata:
  name: thing
  namespace: ${ns}
spec:
  colour: teal
  nested:
    deeper: { list: [1, 2, { three: 3 }], flag: true, nothing: null }
  fieldNoClientKnows: "kept exactly"
extraTopLevel:
  also: kept
`;

  beforeAll(async () => {
    sandbox = await createSandbox();
    kubectl = kubectlFor(inject('kubectl'), inject('kubeconfig'));
    h = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: inject('kubeconfig') } });
  });
  afterAll(async () => {
    await h?.close();
    await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false').catch(() => undefined);
    await kubectl('delete', 'crd', `gadgets.${group}`, '--ignore-not-found', '--wait=false').catch(
      () => undefined,
    );
    await sandbox?.cleanup();
  });

  it('applies a CRD and its custom resource in one sync and round-trips unknown fields exactly', async () => {
    const app = await createClusterApp(h, sandbox, {
      name: `crd-${suffix}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'crd.yaml': crd, 'gadget.yaml': gadget },
    });
    const before = await h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
    expect(resource(before, 'Gadget', 'thing')?.sync).toBe('Missing');
    const plan = await h.api.call('sync.plan', { appId: app.id, options: noSyncOptions });
    expect(plan.items.map((i) => i.key.kind)).toEqual(['Namespace', 'CustomResourceDefinition', 'Gadget']);

    const done = h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    const run = await done;
    expect(run.phase, JSON.stringify(run.items)).toBe('Succeeded');

    const live = JSON.parse(
      await kubectl('get', `gadgets.${group}`, 'thing', '-n', ns, '-o', 'json'),
    ) as Record<string, unknown>;
    const written = parse(gadget) as Record<string, unknown>;
    expect(live.spec).toEqual(written.spec);
    expect(live.extraTopLevel).toEqual(written.extraTopLevel);
    const state = await waitForState(h, app.id, 'synced', (s) => s.sync === 'Synced');
    expect(resource(state, 'Gadget', 'thing')?.health).toBe('Healthy');
  });
});
