import { describe, expect, it } from 'vitest';
import { assessHealth } from '../../../../src-main/core/health/assess-health';

const deployment = (spec: object, status: object, generation = 1, extra: object = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'ns', generation, ...extra },
  spec: { replicas: 2, ...spec },
  status: { observedGeneration: 1, ...status },
});
const dep = (obj: unknown) => assessHealth('apps', 'Deployment', obj);

describe('Deployment health', () => {
  it('is Healthy when every replica is updated and available', () => {
    const h = dep(
      deployment({}, { replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2 }),
    );
    expect(h).toEqual({ status: 'Healthy', info: '2/2 ready' });
  });
  it('is Suspended when paused', () => {
    expect(
      dep(deployment({ paused: true }, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 })).status,
    ).toBe('Suspended');
  });
  it('is Progressing while the controller has not observed the latest generation', () => {
    const h = dep(deployment({}, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 }, 2));
    expect(h.status).toBe('Progressing');
  });
  it('is Progressing with no status at all', () => {
    expect(
      dep({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { generation: 1 }, spec: {} }).status,
    ).toBe('Progressing');
  });
  it('is Degraded when the progress deadline was exceeded, with the message', () => {
    const h = dep(
      deployment(
        {},
        {
          replicas: 2,
          updatedReplicas: 2,
          availableReplicas: 0,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "web-1" has timed out progressing.',
            },
          ],
        },
      ),
    );
    expect(h.status).toBe('Degraded');
    expect(h.reason).toContain('timed out');
  });
  it('is Progressing while fewer replicas are updated than wanted', () => {
    expect(dep(deployment({}, { replicas: 2, updatedReplicas: 1, availableReplicas: 2 })).status).toBe(
      'Progressing',
    );
  });
  it('is Progressing while old replicas are still terminating', () => {
    const h = dep(deployment({}, { replicas: 3, updatedReplicas: 2, availableReplicas: 2 }));
    expect(h.status).toBe('Progressing');
    expect(h.reason).toContain('old replicas');
  });
  it('is Progressing while updated replicas are not yet available', () => {
    expect(dep(deployment({}, { replicas: 2, updatedReplicas: 2, availableReplicas: 1 })).status).toBe(
      'Progressing',
    );
  });
  it('defaults spec.replicas to 1', () => {
    const obj = deployment({}, { replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1 });
    delete (obj.spec as { replicas?: number }).replicas;
    expect(dep(obj)).toEqual({ status: 'Healthy', info: '1/1 ready' });
  });
  it('is Healthy when scaled to zero', () => {
    expect(dep(deployment({ replicas: 0 }, {})).status).toBe('Healthy');
  });
  it('is Progressing while being deleted', () => {
    const h = dep(
      deployment({}, { replicas: 2, updatedReplicas: 2, availableReplicas: 2 }, 1, {
        deletionTimestamp: '2026-01-01T00:00:00Z',
      }),
    );
    expect(h.status).toBe('Progressing');
  });
  it('is Missing when absent', () => {
    expect(dep(undefined).status).toBe('Missing');
  });
  it('does not apply the apps rule to a custom kind of the same name', () => {
    expect(assessHealth('example.com', 'Deployment', { metadata: {}, spec: { paused: true } }).status).toBe(
      'Healthy',
    );
  });
});

const sts = (spec: object, status: object, generation = 1) =>
  assessHealth('apps', 'StatefulSet', {
    metadata: { generation },
    spec: { replicas: 3, ...spec },
    status: { observedGeneration: 1, ...status },
  });

describe('StatefulSet health', () => {
  const done = { readyReplicas: 3, updatedReplicas: 3, currentRevision: 'r1', updateRevision: 'r1' };
  it('is Healthy when ready and on one revision', () => {
    expect(sts({}, done)).toEqual({ status: 'Healthy', info: '3/3 ready' });
  });
  it('is Progressing when observedGeneration is 0 or absent', () => {
    expect(sts({}, { ...done, observedGeneration: 0 }).status).toBe('Progressing');
    expect(
      assessHealth('apps', 'StatefulSet', {
        metadata: { generation: 1 },
        spec: { replicas: 1 },
        status: { readyReplicas: 1 },
      }).status,
    ).toBe('Progressing');
  });
  it('is Progressing when generation is behind', () => {
    expect(sts({}, done, 2).status).toBe('Progressing');
  });
  it('is Progressing while pods are not ready', () => {
    expect(sts({}, { ...done, readyReplicas: 2 }).status).toBe('Progressing');
  });
  it('honours a partitioned rolling update', () => {
    const partition = { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } };
    expect(sts(partition, { ...done, updatedReplicas: 0, updateRevision: 'r2' }).status).toBe('Progressing');
    expect(sts(partition, { ...done, updatedReplicas: 1, updateRevision: 'r2' }).status).toBe('Healthy');
  });
  it('is Healthy with OnDelete even when revisions differ', () => {
    expect(sts({ updateStrategy: { type: 'OnDelete' } }, { ...done, updateRevision: 'r2' }).status).toBe(
      'Healthy',
    );
  });
  it('is Progressing while revisions differ', () => {
    expect(sts({}, { ...done, updateRevision: 'r2' }).status).toBe('Progressing');
  });
});

const ds = (spec: object, status: object, generation = 1) =>
  assessHealth('apps', 'DaemonSet', {
    metadata: { generation },
    spec,
    status: { observedGeneration: 1, ...status },
  });

describe('DaemonSet health', () => {
  const done = { desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2, numberReady: 2 };
  it('is Healthy when all scheduled pods are updated and available', () => {
    expect(ds({}, done)).toEqual({ status: 'Healthy', info: '2/2 ready' });
  });
  it('is Progressing when generation is behind', () => {
    expect(ds({}, done, 3).status).toBe('Progressing');
  });
  it('is Healthy with OnDelete regardless of updates', () => {
    expect(ds({ updateStrategy: { type: 'OnDelete' } }, { ...done, updatedNumberScheduled: 0 }).status).toBe(
      'Healthy',
    );
  });
  it('is Progressing while pods are not updated', () => {
    expect(ds({}, { ...done, updatedNumberScheduled: 1 }).status).toBe('Progressing');
  });
  it('is Progressing while pods are not available', () => {
    expect(ds({}, { ...done, numberAvailable: 1 }).status).toBe('Progressing');
  });
});

const rs = (status: object, replicas = 2, generation = 1) =>
  assessHealth('apps', 'ReplicaSet', {
    metadata: { generation },
    spec: { replicas },
    status: { observedGeneration: 1, ...status },
  });

describe('ReplicaSet health', () => {
  it('is Healthy when all replicas are available', () => {
    expect(rs({ availableReplicas: 2, readyReplicas: 2 })).toEqual({ status: 'Healthy', info: '2/2 ready' });
  });
  it('is Degraded on ReplicaFailure', () => {
    const h = rs({
      conditions: [
        {
          type: 'ReplicaFailure',
          status: 'True',
          reason: 'FailedCreate',
          message: 'pods "x" is forbidden: exceeded quota',
        },
      ],
    });
    expect(h.status).toBe('Degraded');
    expect(h.reason).toContain('exceeded quota');
  });
  it('is Progressing while replicas are unavailable', () => {
    expect(rs({ availableReplicas: 1 }).status).toBe('Progressing');
  });
  it('is Progressing when generation is behind', () => {
    expect(rs({ availableReplicas: 2 }, 2, 5).status).toBe('Progressing');
  });
  it('is Healthy for an old ReplicaSet scaled to zero', () => {
    expect(rs({}, 0).status).toBe('Healthy');
  });
  it('applies the same rule to a ReplicationController', () => {
    expect(
      assessHealth('', 'ReplicationController', {
        metadata: {},
        spec: { replicas: 1 },
        status: { availableReplicas: 0 },
      }).status,
    ).toBe('Progressing');
  });
});
