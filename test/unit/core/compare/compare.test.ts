import { describe, expect, it } from 'vitest';
import { buildResourceDiff, compareObjects } from '../../../../src-main/core/compare/resource-diff';
import { differingPaths, normalise } from '../../../../src-main/core/compare/normalise';

const live = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'ns',
    uid: 'u',
    resourceVersion: '42',
    generation: 3,
    creationTimestamp: '2026-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl' }],
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'gitops-desktop/revision': 'abc',
    },
    labels: { app: 'web' },
  },
  spec: { replicas: 1, template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  status: { replicas: 1 },
};

describe('normalise', () => {
  it('drops server bookkeeping and our revision', () => {
    expect(normalise(live)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'ns', labels: { app: 'web' } },
      spec: live.spec,
    });
  });
  it('keeps other annotations', () => {
    const obj = { metadata: { annotations: { keep: 'me', 'gitops-desktop/revision': 'x' } } };
    expect(normalise(obj)).toEqual({ metadata: { annotations: { keep: 'me' } } });
  });
  it('does not modify its input', () => {
    const copy = structuredClone(live);
    normalise(live);
    expect(live).toEqual(copy);
  });
});

describe('compareObjects', () => {
  it('is Missing without a live object', () => {
    expect(compareObjects(live, undefined).sync).toBe('Missing');
  });
  it('is Synced when only bookkeeping differs', () => {
    const dry = { ...structuredClone(live), status: {} };
    dry.metadata.resourceVersion = '43';
    dry.metadata.generation = 4;
    dry.metadata.annotations['gitops-desktop/revision'] = 'def';
    expect(compareObjects(dry, live)).toEqual({ sync: 'Synced' });
  });
  it('is OutOfSync with the differing path', () => {
    const dry = structuredClone(live);
    dry.spec.replicas = 2;
    expect(compareObjects(dry, live)).toEqual({ sync: 'OutOfSync', reason: 'Differs at spec.replicas' });
  });
  it('is Unknown when the dry run failed', () => {
    expect(compareObjects(undefined, live, 'admission webhook denied')).toEqual({
      sync: 'Unknown',
      reason: 'admission webhook denied',
    });
  });
  it('lists array element paths', () => {
    expect(differingPaths({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toEqual(['a[1].b']);
    expect(differingPaths({ a: [1] }, { a: [1, 2] })).toEqual(['a']);
  });
});

describe('buildResourceDiff', () => {
  it('gives two normalised YAML texts', () => {
    const dry = structuredClone(live);
    dry.spec.replicas = 2;
    const diff = buildResourceDiff(
      'apps/Deployment/ns/web',
      { group: 'apps', kind: 'Deployment', namespace: 'ns', name: 'web' },
      dry,
      live,
    );
    expect(diff.desiredYaml).toContain('replicas: 2');
    expect(diff.liveYaml).toContain('replicas: 1');
    expect(diff.liveYaml).not.toContain('managedFields');
    expect(diff.liveYaml).not.toContain('resourceVersion');
    expect(diff.changedSecretKeys).toBeUndefined();
  });
  it('gives an empty live side for a missing object', () => {
    const diff = buildResourceDiff(
      'id',
      { group: 'apps', kind: 'Deployment', namespace: 'ns', name: 'web' },
      live,
      undefined,
    );
    expect(diff.liveYaml).toBe('');
  });
});
