import { describe, expect, it } from 'vitest';
import {
  createClusterApp,
  deployment,
  namespaceYaml,
  noSyncOptions,
  resource,
  waitForState,
} from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

describe('health on a real cluster', () => {
  const t = useClusterTest('health');
  const { ns } = t;

  it('shows an unschedulable Deployment as Degraded with the reason, and a completed Job as Healthy', async () => {
    const stuck = deployment('stuck', ns, 1, '      nodeSelector: { no-such-label: "true" }\n').replace(
      'spec:\n  replicas',
      'spec:\n  progressDeadlineSeconds: 10\n  replicas',
    );
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
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `health-${ns}`,
      namespace: ns,
      files: { 'ns.yaml': namespaceYaml(ns), 'stuck.yaml': stuck, 'job.yaml': job },
    });
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 120_000);
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    await done;

    const jobDone = await waitForState(
      t.h,
      app.id,
      'job healthy',
      (s) => resource(s, 'Job', 'once')?.health === 'Healthy',
      'HEAD',
      60_000,
    );
    expect(resource(jobDone, 'Job', 'once')?.info).toBe('1/1 completed');
    expect(
      jobDone.resources.some(
        (r) => r.key.kind === 'Pod' && r.parentId === resource(jobDone, 'Job', 'once')?.id,
      ),
    ).toBe(true);

    const state = await waitForState(
      t.h,
      app.id,
      'deployment degraded',
      (s) => resource(s, 'Deployment', 'stuck')?.health === 'Degraded',
      'HEAD',
      90_000,
    );
    const dep = resource(state, 'Deployment', 'stuck')!;
    expect(dep.healthReason).toMatch(/progress/i);
    expect(dep.info).toBe('0/1 ready');
    expect(state.health).toBe('Degraded');
    const pod = state.resources.find((r) => r.key.kind === 'Pod' && r.key.name.startsWith('stuck-'))!;
    expect(pod.health).toBe('Progressing');
    expect(pod.healthReason).toMatch(/didn't match Pod's node affinity\/selector/);
  });
});
