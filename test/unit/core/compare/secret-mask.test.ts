import { describe, expect, it } from 'vitest';
import { buildResourceDiff } from '../../../../src-main/core/compare/resource-diff';
import {
  changedSecretMask,
  maskSecretPair,
  scrub,
  secretMask,
  secretValues,
} from '../../../../src-main/core/compare/secret-mask';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (data: Record<string, string>, extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 's',
    namespace: 'ns',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data }) },
  },
  type: 'Opaque',
  data,
  ...extra,
});
const key = { group: '', kind: 'Secret', namespace: 'ns', name: 's' };

describe('Secret masking', () => {
  it('masks equal values alike and changed values differently', () => {
    const desired = secret({ same: b64('hunter2'), changed: b64('new-password'), added: b64('fresh') });
    const live = secret({ same: b64('hunter2'), changed: b64('old-password'), removed: b64('gone') });
    const m = maskSecretPair(desired, live);
    expect(m.desired!.data).toEqual({
      same: secretMask,
      changed: changedSecretMask,
      added: changedSecretMask,
    });
    expect(m.live!.data).toEqual({ same: secretMask, changed: secretMask, removed: secretMask });
    expect(m.changedKeys).toEqual(['added', 'changed', 'removed']);
  });
  it('masks stringData too', () => {
    const m = maskSecretPair(secret({}, { stringData: { token: 'plain-token' } }), undefined);
    expect(m.desired!.stringData).toEqual({ token: secretMask });
  });
  it('never lets a value into the diff texts, not even via the last-applied annotation', () => {
    const desired = secret({ password: b64('hunter2-secret') });
    const live = secret({ password: b64('old-hunter-secret') });
    const diff = buildResourceDiff('/Secret/ns/s', key, desired, live);
    const json = JSON.stringify(diff);
    for (const v of ['hunter2-secret', 'old-hunter-secret', b64('hunter2-secret'), b64('old-hunter-secret')])
      expect(json).not.toContain(v);
    expect(diff.changedSecretKeys).toEqual(['password']);
    expect(diff.desiredYaml).toContain(changedSecretMask);
  });
  it('does not mask ConfigMaps', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'visible' } };
    expect(buildResourceDiff('/ConfigMap//c', { ...key, kind: 'ConfigMap' }, cm, cm).desiredYaml).toContain(
      'visible',
    );
  });
  it('scrubs values out of server messages in plain and base64 form', () => {
    const values = secretValues(secret({ password: b64('hunter2') }, { stringData: { token: 'tok-123' } }));
    const message = `Secret "s" is invalid: data[password]: Invalid value: "${b64('hunter2')}" and hunter2 and tok-123 and ${b64('tok-123')}`;
    const out = scrub(message, values);
    for (const v of ['hunter2', b64('hunter2'), 'tok-123', b64('tok-123')]) expect(out).not.toContain(v);
    expect(out).toContain('data[password]');
  });
});
