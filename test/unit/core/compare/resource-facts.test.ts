import { describe, expect, it } from 'vitest';
import { resourceFacts } from '../../../../src-main/core/compare/resource-facts';

const pod = (phase: string, ready: boolean[], restarts = 0) => ({
  spec: { containers: ready.map((_, i) => ({ name: `c${i}` })) },
  status: {
    phase,
    containerStatuses: ready.map((r, i) => ({
      name: `c${i}`,
      ready: r,
      restartCount: i === 0 ? restarts : 0,
    })),
  },
});

describe('resourceFacts', () => {
  it('gives a Pod its readiness, not its phase (the badge says that)', () => {
    expect(resourceFacts('', 'Pod', pod('Running', [true, true, true]))).toBe('3/3 ready');
    expect(resourceFacts('', 'Pod', pod('Running', [true, false], 2))).toBe('1/2 ready · 2 restarts');
    expect(resourceFacts('', 'Pod', pod('Pending', [false]))).toBe('Pending · 0/1 ready');
  });
  it('says a finished Pod is Completed', () => {
    expect(resourceFacts('', 'Pod', pod('Succeeded', [false]))).toBe('Completed');
    expect(resourceFacts('', 'Pod', pod('Failed', [false]))).toBe('Failed');
  });
  it('gives an HPA its current, min and max replicas', () => {
    const hpa = {
      spec: { minReplicas: 2, maxReplicas: 5 },
      status: { currentReplicas: 2, desiredReplicas: 0 },
    };
    expect(resourceFacts('autoscaling', 'HorizontalPodAutoscaler', hpa)).toBe('current 2 · min 2 · max 5');
    expect(
      resourceFacts('autoscaling', 'HorizontalPodAutoscaler', { spec: { maxReplicas: 3 }, status: {} }),
    ).toBe('current 0 · min 1 · max 3');
  });
  it('leaves other kinds and absent objects to the health rule', () => {
    expect(resourceFacts('apps', 'Deployment', { status: {} })).toBeUndefined();
    expect(resourceFacts('', 'Pod', undefined)).toBeUndefined();
  });
});
