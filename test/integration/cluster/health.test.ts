import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestCore, type TestCore } from '../../support/core-client';
import { createClusterApp, deployment, kubectlFor, namespaceYaml, noSyncOptions, resource, uniqueSuffix, waitForState, type Kubectl } from '../../support/kube-fixtures';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';

describe('health on a real cluster', () => {
  const ns = `health-${uniqueSuffix()}`;
  let h: TestCore;
  let sandbox: Sandbox;
  let kubectl: Kubectl;

  beforeAll(async () => {
    sandbox = await createSandbox();
    kubectl = kubectlFor(inject('kubectl'), inject('kubeconfig'));
    h = await startTestCore({ env: { ...sandbox.env, KUBECONFIG: inject('kubeconfig') } });
  });
  afterAll(async () => {
    await h?.close();
    await kubectl('delete', 'namespace', ns, '--ignore-not-found', '--wait=false').catch(() => undefined);
    await sandbox?.cleanup();
  });

  it('shows an unschedulable Deployment as Degraded with the reason, and a completed Job as Healthy', async () => {
    const stuck = deployment('stuck', ns, 1, '      nodeSelector: { no-such-label: "true" }\n').replace('spec:\n  replicas', 'spec:\n  progressDeadlineSeconds: 10\n  replicas');
    const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: once
  namespace: ${ns}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: run
          image: busybox
          command: ["true"]
`;
    const app = await createClusterApp(h, sandbox, { name: `health-${ns}`, namespace: ns, files: { 'ns.yaml': namespaceYaml(ns), 'stuck.yaml': stuck, 'job.yaml': job } });
    const done = h.waitForEvent('sync.finished', (r) => r.appId === app.id, 120_000);
    await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    await done;

    const jobDone = await waitForState(h, app.id, 'job healthy', (s) => resource(s, 'Job', 'once')?.health === 'Healthy', 'HEAD', 60_000);
    expect(resource(jobDone, 'Job', 'once')?.info).toBe('1/1 completed');
    expect(jobDone.resources.some((r) => r.key.kind === 'Pod' && r.parentId === resource(jobDone, 'Job', 'once')?.id)).toBe(true);

    const state = await waitForState(h, app.id, 'deployment degraded', (s) => resource(s, 'Deployment', 'stuck')?.health === 'Degraded', 'HEAD', 90_000);
    const dep = resource(state, 'Deployment', 'stuck')!;
    expect(dep.healthReason).toMatch(/progress/i);
    expect(dep.info).toBe('0/1 ready');
    expect(state.health).toBe('Degraded');
    const pod = state.resources.find((r) => r.key.kind === 'Pod' && r.key.name.startsWith('stuck-'))!;
    expect(pod.health).toBe('Progressing');
    expect(pod.healthReason).toMatch(/didn't match Pod's node affinity\/selector/);
  });
});
