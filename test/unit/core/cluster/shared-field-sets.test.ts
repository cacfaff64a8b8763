import { describe, expect, it } from 'vitest';
import { SharedFieldSets } from '../../../../src-main/core/cluster/live-cache';
import type { KubeObject } from '../../../../src-main/core/cluster/kube-object';
import { fieldsOwnedBy } from '../../../../src-main/core/ignore/managed-fields';

function configMap(name: string, fields: Record<string, unknown>): KubeObject {
  return JSON.parse(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: 'team',
        managedFields: [
          {
            manager: 'gitops-desktop',
            operation: 'Apply',
            time: `2026-01-01T00:00:0${name.length}Z`,
            fieldsType: 'FieldsV1',
            fieldsV1: fields,
          },
        ],
      },
      data: { a: '1' },
    }),
  ) as KubeObject;
}

const entry = (o: KubeObject) =>
  (o.metadata as { managedFields: { fieldsV1: unknown; time: string }[] }).managedFields[0]!;

describe('SharedFieldSets', () => {
  it('gives objects owning the same fields one frozen field set, and keeps what differs', () => {
    const sets = new SharedFieldSets();
    const fields = { 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } };
    const a = sets.share(configMap('a', fields));
    const b = sets.share(configMap('bb', fields));
    const c = sets.share(configMap('c', { 'f:data': { 'f:b': {} } }));
    expect(entry(a).fieldsV1).toBe(entry(b).fieldsV1);
    expect(entry(a).fieldsV1).toEqual(fields);
    expect(entry(a).time).not.toBe(entry(b).time);
    expect(entry(c).fieldsV1).not.toBe(entry(a).fieldsV1);
    expect(Object.isFrozen((entry(a).fieldsV1 as Record<string, unknown>)['f:data'])).toBe(true);
    expect(fieldsOwnedBy(b, (m) => m === 'gitops-desktop')).toEqual(fields);
  });

  it('leaves objects without managedFields as they are', () => {
    const sets = new SharedFieldSets();
    const obj: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } };
    expect(sets.share(obj)).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } });
  });

  it('still shares after its table is full (older trees stay with their objects)', () => {
    const sets = new SharedFieldSets(2);
    const objs = ['a', 'b', 'c'].map((k) => sets.share(configMap(k, { [`f:${k}`]: {} })));
    const again = sets.share(configMap('cc', { 'f:c': {} }));
    expect(entry(again).fieldsV1).toBe(entry(objs[2]!).fieldsV1);
    expect(entry(objs[0]!).fieldsV1).toEqual({ 'f:a': {} });
  });
});
