import { describe, expect, it } from 'vitest';
import { predictedValueEdit } from '../../../../src-main/core/compare/predicted-edit';

const owned = (fieldsV1: object) => [
  { manager: 'gitops-desktop', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1 },
];

function cm(data: Record<string, string>, annotations: Record<string, string> = { 'x.dev/gen': '1' }) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'shop', annotations },
    data,
  };
}

function live(data: Record<string, string>, extra: object = {}) {
  const d = cm(data);
  return {
    ...d,
    ...extra,
    metadata: {
      ...d.metadata,
      uid: 'u',
      resourceVersion: '3',
      managedFields: owned({
        'f:metadata': { 'f:annotations': { 'f:x.dev/gen': {} } },
        'f:data': { 'f:a': {}, 'f:b': {} },
      }),
    },
  };
}

describe('predictedValueEdit', () => {
  it('is the live object with the changed values', () => {
    const l = live({ a: '1', b: '2' });
    expect(predictedValueEdit(cm({ a: '1', b: 'two' }), l, '')).toEqual({ ...l, data: { a: '1', b: 'two' } });
    expect(predictedValueEdit(cm({ a: '1', b: '2' }, { 'x.dev/gen': '2' }), l, '')).toEqual({
      ...l,
      metadata: { ...l.metadata, annotations: { 'x.dev/gen': '2' } },
    });
  });

  it('leaves anything else to the server', () => {
    const l = live({ a: '1', b: '2' });
    // Nothing changed (that is predictedApply's), a new key, a key this app owns left out.
    expect(predictedValueEdit(cm({ a: '1', b: '2' }), l, '')).toBeUndefined();
    expect(predictedValueEdit(cm({ a: '1', b: '2', c: '3' }), l, '')).toBeUndefined();
    expect(predictedValueEdit(cm({ a: 'x' }), l, '')).toBeUndefined();
    expect(
      predictedValueEdit(cm({ a: '1', b: '2' }, { 'x.dev/gen': '1', 'x.dev/new': 'n' }), l, ''),
    ).toBeUndefined();
    // A value changed along with another field.
    const labelled = cm({ a: 'x', b: '2' });
    expect(
      predictedValueEdit({ ...labelled, metadata: { ...labelled.metadata, labels: { t: 'w' } } }, l, ''),
    ).toBeUndefined();
    // Immutable data, sizes near the limits, a lone surrogate, keys of the Kubernetes domains.
    const frozen = live({ a: '1', b: '2' }, { immutable: true });
    expect(predictedValueEdit({ ...cm({ a: 'x', b: '2' }), immutable: true }, frozen, '')).toBeUndefined();
    expect(predictedValueEdit(cm({ a: 'x'.repeat(600_000), b: '2' }), l, '')).toBeUndefined();
    expect(
      predictedValueEdit(cm({ a: '1', b: '2' }, { 'x.dev/gen': 'x'.repeat(200_000) }), l, ''),
    ).toBeUndefined();
    expect(predictedValueEdit(cm({ a: 'bad \uD800 half', b: '2' }), l, '')).toBeUndefined();
    const ingress = {
      ...l,
      metadata: { ...l.metadata, annotations: { 'kubernetes.io/ingress.class': 'a' } },
    };
    expect(
      predictedValueEdit(cm({ a: '1', b: '2' }, { 'kubernetes.io/ingress.class': 'b' }), ingress, ''),
    ).toBeUndefined();
    // Custom resources: a conversion webhook may keep anything in annotations.
    expect(
      predictedValueEdit(cm({ a: '1', b: '2' }, { 'x.dev/gen': '2' }), l, 'example.dev'),
    ).toBeUndefined();
  });
});
