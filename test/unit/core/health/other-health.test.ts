import { describe, expect, it } from 'vitest';
import { assessHealth } from '../../../../src-main/core/health/assess-health';
import { worstHealth } from '../../../../src-main/core/health/health-types';

describe('Job health', () => {
  const job = (status: object, spec: object = {}) =>
    assessHealth('batch', 'Job', { metadata: {}, spec: { completions: 1, ...spec }, status });
  it('is Healthy when Complete', () => {
    expect(job({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] })).toEqual({
      status: 'Healthy',
      info: '1/1 completed',
    });
  });
  it('is Degraded when Failed, with the message', () => {
    const h = job({
      conditions: [
        {
          type: 'Failed',
          status: 'True',
          reason: 'BackoffLimitExceeded',
          message: 'Job has reached the specified backoff limit',
        },
      ],
    });
    expect(h).toMatchObject({ status: 'Degraded', reason: 'Job has reached the specified backoff limit' });
  });
  it('is Suspended when suspended', () => {
    expect(job({}, { suspend: true }).status).toBe('Suspended');
  });
  it('is Progressing while running', () => {
    expect(job({ active: 1 })).toMatchObject({ status: 'Progressing', reason: '1 pods running' });
  });
});

describe('CronJob health', () => {
  const cron = (status: object, spec: object = {}) =>
    assessHealth('batch', 'CronJob', { metadata: {}, spec, status });
  it('is Healthy when never scheduled yet', () => {
    expect(cron({})).toEqual({ status: 'Healthy', info: 'never scheduled' });
  });
  it('is Suspended when suspended', () => {
    expect(cron({}, { suspend: true }).status).toBe('Suspended');
  });
  it('is Degraded when the last run did not succeed', () => {
    expect(
      cron({ lastScheduleTime: '2026-01-01T10:00:00Z', lastSuccessfulTime: '2026-01-01T09:00:30Z' }).status,
    ).toBe('Degraded');
  });
  it('is Healthy when the last run succeeded', () => {
    expect(
      cron({ lastScheduleTime: '2026-01-01T10:00:00Z', lastSuccessfulTime: '2026-01-01T10:00:20Z' }).status,
    ).toBe('Healthy');
  });
  it('is Healthy while the last run is still active', () => {
    expect(
      cron({
        lastScheduleTime: '2026-01-01T10:00:00Z',
        lastSuccessfulTime: '2026-01-01T09:00:20Z',
        active: [{ name: 'j' }],
      }).status,
    ).toBe('Healthy');
  });
});

describe('Service health', () => {
  it('is Healthy for ClusterIP', () => {
    expect(assessHealth('', 'Service', { metadata: {}, spec: { type: 'ClusterIP' } }).status).toBe('Healthy');
  });
  it('is Progressing for a LoadBalancer without an address', () => {
    expect(
      assessHealth('', 'Service', {
        metadata: {},
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: {} },
      }).status,
    ).toBe('Progressing');
  });
  it('is Healthy for a LoadBalancer with an address', () => {
    const svc = {
      metadata: {},
      spec: { type: 'LoadBalancer' },
      status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } },
    };
    expect(assessHealth('', 'Service', svc).status).toBe('Healthy');
  });
});

describe('Ingress health', () => {
  const ing = (status: object = {}, spec: object = {}) => ({ metadata: {}, spec, status });
  it('is Healthy with an address', () => {
    expect(
      assessHealth(
        'networking.k8s.io',
        'Ingress',
        ing({ loadBalancer: { ingress: [{ hostname: 'lb.example' }] } }),
      ),
    ).toEqual({
      status: 'Healthy',
      info: 'lb.example',
    });
  });
  it('is Progressing without an address when controllers may exist', () => {
    expect(assessHealth('networking.k8s.io', 'Ingress', ing(), { ingressClasses: ['nginx'] }).status).toBe(
      'Progressing',
    );
    expect(assessHealth('networking.k8s.io', 'Ingress', ing()).status).toBe('Progressing');
  });
  it('says so instead of waiting forever when the cluster has no IngressClass', () => {
    const h = assessHealth('networking.k8s.io', 'Ingress', ing(), { ingressClasses: [] });
    expect(h.status).toBe('Healthy');
    expect(h.reason).toContain('No ingress controller');
  });
  it('says so when the named IngressClass does not exist', () => {
    const h = assessHealth('networking.k8s.io', 'Ingress', ing({}, { ingressClassName: 'traefik' }), {
      ingressClasses: ['nginx'],
    });
    expect(h.reason).toContain('"traefik" does not exist');
  });
});

describe('PVC health', () => {
  const pvc = (phase?: string) =>
    assessHealth('', 'PersistentVolumeClaim', { metadata: {}, status: phase ? { phase } : {} });
  it('maps phases', () => {
    expect(pvc('Bound').status).toBe('Healthy');
    expect(pvc('Pending').status).toBe('Progressing');
    expect(pvc(undefined).status).toBe('Progressing');
    expect(pvc('Lost').status).toBe('Degraded');
  });
});

describe('HPA health', () => {
  const hpa = (conditions: object[]) =>
    assessHealth('autoscaling', 'HorizontalPodAutoscaler', {
      metadata: {},
      status: { currentReplicas: 2, desiredReplicas: 2, conditions },
    });
  it('is Degraded on FailedGetResourceMetric', () => {
    const h = hpa([
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'FailedGetResourceMetric',
        message: 'unable to get metrics',
      },
    ]);
    expect(h).toMatchObject({ status: 'Degraded', reason: 'unable to get metrics' });
  });
  it('is Degraded on InvalidSelector', () => {
    expect(hpa([{ type: 'ScalingActive', status: 'False', reason: 'InvalidSelector' }]).status).toBe(
      'Degraded',
    );
  });
  it('is Healthy when able to scale', () => {
    expect(hpa([{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' }])).toEqual({
      status: 'Healthy',
      info: '2/2 replicas',
    });
  });
  it('is Healthy when scaling is limited', () => {
    expect(hpa([{ type: 'ScalingLimited', status: 'True' }]).status).toBe('Healthy');
  });
  it('is Progressing without conditions', () => {
    expect(hpa([]).status).toBe('Progressing');
  });
});

describe('Namespace health', () => {
  it('is Healthy when Active and Progressing when Terminating', () => {
    expect(assessHealth('', 'Namespace', { metadata: {}, status: { phase: 'Active' } }).status).toBe(
      'Healthy',
    );
    expect(assessHealth('', 'Namespace', { metadata: {}, status: { phase: 'Terminating' } }).status).toBe(
      'Progressing',
    );
  });
});

describe('generic health (custom resources)', () => {
  const cr = (conditions?: object[]) =>
    assessHealth('example.com', 'Widget', { metadata: {}, status: conditions ? { conditions } : {} });
  it('is Healthy without conditions', () => {
    expect(cr().status).toBe('Healthy');
    expect(assessHealth('', 'ConfigMap', { metadata: {}, data: {} }).status).toBe('Healthy');
  });
  it('follows Ready', () => {
    expect(cr([{ type: 'Ready', status: 'True' }]).status).toBe('Healthy');
    expect(cr([{ type: 'Ready', status: 'False', message: 'backend down' }])).toMatchObject({
      status: 'Degraded',
      reason: 'backend down',
    });
    expect(cr([{ type: 'Ready', status: 'Unknown' }]).status).toBe('Progressing');
  });
  it('falls back to Available', () => {
    expect(cr([{ type: 'Available', status: 'False', reason: 'NoEndpoints' }])).toMatchObject({
      status: 'Degraded',
      reason: 'NoEndpoints',
    });
  });
  it('prefers Ready over Available', () => {
    expect(
      cr([
        { type: 'Available', status: 'False' },
        { type: 'Ready', status: 'True' },
      ]).status,
    ).toBe('Healthy');
  });
});

describe('worstHealth', () => {
  it('follows Healthy < Suspended < Progressing < Missing < Degraded < Unknown', () => {
    expect(worstHealth([])).toBe('Healthy');
    expect(worstHealth(['Healthy', 'Suspended'])).toBe('Suspended');
    expect(worstHealth(['Suspended', 'Progressing'])).toBe('Progressing');
    expect(worstHealth(['Progressing', 'Missing', 'Healthy'])).toBe('Missing');
    expect(worstHealth(['Missing', 'Degraded'])).toBe('Degraded');
    expect(worstHealth(['Degraded', 'Unknown', 'Healthy'])).toBe('Unknown');
  });
});

describe('CustomResourceDefinition health', () => {
  const crd = (conditions: object[]) =>
    assessHealth('apiextensions.k8s.io', 'CustomResourceDefinition', {
      metadata: {},
      status: { conditions },
    });
  it('is Healthy once Established', () => {
    expect(crd([{ type: 'Established', status: 'True' }]).status).toBe('Healthy');
  });
  it('is Progressing before, and Degraded when its names conflict', () => {
    expect(crd([]).status).toBe('Progressing');
    expect(crd([{ type: 'NamesAccepted', status: 'False', message: 'plural name conflicts' }])).toMatchObject(
      { status: 'Degraded' },
    );
  });
});
