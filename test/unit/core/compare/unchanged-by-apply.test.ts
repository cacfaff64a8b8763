import { describe, expect, it } from 'vitest';
import { predictedApply, unchangedByApply } from '../../../../src-main/core/compare/unchanged-by-apply';

const ours = (fieldsV1: object) => ({
  manager: 'gitops-desktop',
  operation: 'Apply',
  fieldsType: 'FieldsV1',
  fieldsV1,
});

function desired() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
    spec: { replicas: 1, template: { spec: { containers: [{ name: 'app', image: 'nginx:1' }] } } },
  };
}

const ownedAll = ours({
  'f:metadata': { 'f:labels': { 'f:app': {} }, 'f:annotations': { 'f:gitops-desktop/revision': {} } },
  'f:spec': {
    'f:replicas': {},
    'f:template': {
      'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:name': {}, 'f:image': {} } } },
    },
  },
});

function live(managedFields: unknown[] = [ownedAll]) {
  const d = desired();
  return {
    ...d,
    metadata: {
      ...d.metadata,
      uid: 'u',
      resourceVersion: '7',
      annotations: { 'gitops-desktop/revision': 'abc', 'deployment.kubernetes.io/revision': '1' },
      managedFields,
    },
    spec: {
      ...d.spec,
      // Server defaults: more than git wrote.
      strategy: { type: 'RollingUpdate' },
      template: {
        spec: {
          containers: [{ name: 'app', image: 'nginx:1', imagePullPolicy: 'IfNotPresent' }],
          dnsPolicy: 'ClusterFirst',
        },
      },
    },
    status: { replicas: 1 },
  };
}

describe('unchangedByApply', () => {
  it('holds when git is a subset of live and everything this app owns is still in git', () => {
    expect(unchangedByApply(desired(), live())).toBe(true);
  });

  it('fails on a changed value, a different list length, or a value the server would convert', () => {
    const scaled = live();
    scaled.spec.replicas = 3;
    expect(unchangedByApply(desired(), scaled)).toBe(false);
    const sidecar = live();
    sidecar.spec.template.spec.containers.push({ name: 'proxy', image: 'envoy', imagePullPolicy: 'Always' });
    expect(unchangedByApply(desired(), sidecar)).toBe(false);
    const quoted = desired() as unknown as { spec: { replicas: unknown } };
    quoted.spec.replicas = '1';
    expect(unchangedByApply(quoted as never, live())).toBe(false);
  });

  it('fails when git dropped a field this app owns (the apply would remove it)', () => {
    const owned = ours({
      'f:metadata': { 'f:labels': { 'f:app': {}, 'f:tier': {} } },
      'f:spec': { 'f:replicas': {} },
    });
    const l = live([owned]);
    (l.metadata.labels as Record<string, string>).tier = 'front';
    expect(unchangedByApply(desired(), l)).toBe(false);
    // The same label owned by someone else is not ours to remove: still unchanged.
    const other = { ...owned, manager: 'kubectl-edit', operation: 'Update' };
    expect(unchangedByApply(desired(), live([ownedAll, other]))).toBe(true);
  });

  it('finds an owned list item by keys the server defaulted (a port without its protocol in git)', () => {
    const d = desired();
    (d.spec.template.spec.containers[0] as Record<string, unknown>).ports = [{ containerPort: 80 }];
    const l = live([
      ours({
        'f:spec': {
          'f:template': {
            'f:spec': {
              'f:containers': {
                'k:{"name":"app"}': {
                  'f:ports': {
                    'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                  },
                },
              },
            },
          },
        },
      }),
    ]);
    (l.spec.template.spec.containers[0] as Record<string, unknown>).ports = [
      { containerPort: 80, protocol: 'TCP' },
    ];
    expect(unchangedByApply(d, l)).toBe(true);
    (l.spec.template.spec.containers[0] as Record<string, unknown>).ports = [
      { containerPort: 80, protocol: 'UDP' },
    ];
    expect(unchangedByApply(d, l)).toBe(false);
  });

  it('fails when an owned list item is gone from git', () => {
    const l = live([
      ours({
        'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"old"}': { '.': {} } } } } },
      }),
    ]);
    expect(unchangedByApply(desired(), l)).toBe(false);
  });
});

describe('predictedApply', () => {
  const marks = (app: string) => ({
    labels: { app: 'web', 'gitops-desktop/app': app },
    annotations: { 'argocd.argoproj.io/tracking-id': `${app}:apps/Deployment:shop/web` },
  });
  const trackedOwned = ours({
    'f:metadata': {
      'f:labels': { 'f:app': {}, 'f:gitops-desktop/app': {} },
      'f:annotations': { 'f:gitops-desktop/revision': {}, 'f:argocd.argoproj.io/tracking-id': {} },
    },
    'f:spec': (ownedAll.fieldsV1 as { 'f:spec': object })['f:spec'],
  });
  function tracked(app: string) {
    const d = desired();
    return { ...d, metadata: { ...d.metadata, ...marks(app) } };
  }
  function liveOf(app: string) {
    const l = live([trackedOwned]);
    const m = marks(app);
    return {
      ...l,
      metadata: {
        ...l.metadata,
        labels: m.labels,
        annotations: { ...l.metadata.annotations, ...m.annotations },
      },
    };
  }

  it('is the live object itself when nothing would change', () => {
    const l = liveOf('a');
    expect(predictedApply(tracked('a'), l)).toBe(l);
  });

  it("is the live object with this app's marks when another app's marks are the only difference", () => {
    const l = liveOf('other');
    const p = predictedApply(tracked('a'), l)!;
    expect(p).toBeDefined();
    expect(p.metadata).toMatchObject(marks('a'));
    expect(p.spec).toEqual(l.spec);
    expect((l.metadata.labels as Record<string, string>)['gitops-desktop/app']).toBe('other');
  });

  it('is unknown (a dry run) when more than the marks differ, or live carries no marks', () => {
    const scaled = liveOf('other');
    scaled.spec.replicas = 3;
    expect(predictedApply(tracked('a'), scaled)).toBeUndefined();
    const unmarked = live([trackedOwned]);
    expect(predictedApply(tracked('a'), unmarked)).toBeUndefined();
  });
});
