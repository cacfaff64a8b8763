import { describe, expect, it } from 'vitest';
import { assessHealth } from '../../../../src-main/core/health/assess-health';

const pod = (status: object, spec: object = {}) =>
  assessHealth('', 'Pod', {
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'app' }], ...spec },
    status,
  });

describe('Pod health', () => {
  it('is Healthy when running and ready', () => {
    const h = pod({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true }],
    });
    expect(h).toEqual({ status: 'Healthy', info: 'Running, 1/1 ready' });
  });
  it('is Progressing while pending, with the scheduler message', () => {
    const h = pod({
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.",
        },
      ],
    });
    expect(h.status).toBe('Progressing');
    expect(h.reason).toContain('node affinity/selector');
  });
  it('is Degraded for a crash loop when restartPolicy is Always', () => {
    const h = pod({
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } },
        },
      ],
    });
    expect(h.status).toBe('Degraded');
    expect(h.reason).toBe('container app: CrashLoopBackOff: back-off 10s');
  });
  it('is Degraded for image pull errors, including in init containers', () => {
    expect(
      pod({
        phase: 'Pending',
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ErrImagePull' } } }],
      }).status,
    ).toBe('Degraded');
    expect(
      pod({
        phase: 'Pending',
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ImagePullBackOff' } } }],
      }).status,
    ).toBe('Degraded');
    expect(
      pod({
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'init', state: { waiting: { reason: 'CreateContainerConfigError' } } },
        ],
      }).status,
    ).toBe('Degraded');
  });
  it('does not treat ContainerCreating as an error', () => {
    expect(
      pod({
        phase: 'Pending',
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ContainerCreating' } } }],
      }).status,
    ).toBe('Progressing');
  });
  it('ignores waiting errors for restartPolicy Never (the phase decides)', () => {
    const h = pod(
      {
        phase: 'Pending',
        containerStatuses: [{ name: 'app', state: { waiting: { reason: 'ErrImagePull' } } }],
      },
      { restartPolicy: 'Never' },
    );
    expect(h.status).toBe('Progressing');
  });
  it('is Healthy when Succeeded', () => {
    expect(pod({ phase: 'Succeeded' }, { restartPolicy: 'Never' }).status).toBe('Healthy');
  });
  it('is Degraded when Failed, with the status message', () => {
    const h = pod({ phase: 'Failed', message: 'Pod was evicted' }, { restartPolicy: 'Never' });
    expect(h).toMatchObject({ status: 'Degraded', reason: 'Pod was evicted' });
  });
  it('is Degraded when Failed, with OOMKilled and the exit code', () => {
    const h = pod(
      {
        phase: 'Failed',
        containerStatuses: [{ name: 'app', state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }],
      },
      { restartPolicy: 'Never' },
    );
    expect(h.reason).toBe('container app: OOMKilled, exit code 137');
  });
  it('is Degraded when running but not ready after a restart', () => {
    const h = pod({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [
        { name: 'app', ready: false, lastState: { terminated: { reason: 'Error', exitCode: 1 } } },
      ],
    });
    expect(h.status).toBe('Degraded');
    expect(h.reason).toContain('exit code 1');
  });
  it('is Progressing when running but not yet ready', () => {
    const h = pod({
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
      containerStatuses: [{ name: 'app', ready: false }],
    });
    expect(h.status).toBe('Progressing');
  });
  it('is Unknown for an unknown phase', () => {
    expect(pod({ phase: 'Unknown' }).status).toBe('Unknown');
  });
});
