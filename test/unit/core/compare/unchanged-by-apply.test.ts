import { describe, expect, it } from 'vitest';
import { unchangedByApply } from '../../../../src-main/core/compare/unchanged-by-apply';

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

  it('fails when an owned list item is gone from git', () => {
    const l = live([
      ours({
        'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"old"}': { '.': {} } } } } },
      }),
    ]);
    expect(unchangedByApply(desired(), l)).toBe(false);
  });
});
