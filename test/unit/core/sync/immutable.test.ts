import { describe, expect, it } from 'vitest';
import {
  immutableFields,
  isImmutableRejection,
  recreateAllowed,
} from '../../../../src-main/core/sync/immutable';

describe('immutable-field rejections', () => {
  it('recognises the server saying a field is immutable, and only then', () => {
    expect(
      isImmutableRejection({
        code: 'invalid',
        message: 'spec.selector: Invalid value: x: field is immutable',
      }),
    ).toBe(true);
    expect(
      isImmutableRejection({ code: 'invalid', message: 'spec.replicas: must be greater than or equal to 0' }),
    ).toBe(false);
    expect(isImmutableRejection({ code: 'conflict', message: 'field is immutable' })).toBe(false);
    expect(isImmutableRejection(undefined)).toBe(false);
  });
  it('names the fields, not the values (a Job template value is a whole Go struct)', () => {
    expect(
      immutableFields(
        'The Job "once" is invalid: spec.template: Invalid value: {"labels":{"a":"b"},"Spec":{"X: Y":1}}: field is immutable',
      ),
    ).toEqual(['spec.template']);
    expect(
      immutableFields(
        'Service "s" is invalid: [spec.clusterIP: Invalid value: "10.0.0.9": field is immutable, spec.ipFamilies[0]: Invalid value: "IPv6": field is immutable]',
      ),
    ).toEqual(['spec.clusterIP', 'spec.ipFamilies[0]']);
  });
  it("allows a recreate by annotation only with Argo CD's Force=true and Replace=true together", () => {
    const withOptions = (v: string) => ({
      metadata: { annotations: { 'argocd.argoproj.io/sync-options': v } },
    });
    expect(recreateAllowed(withOptions('Force=true,Replace=true'))).toBe(true);
    expect(recreateAllowed(withOptions('Replace=true, Force=true'))).toBe(true);
    expect(recreateAllowed(withOptions('Replace=true'))).toBe(false);
    expect(recreateAllowed({})).toBe(false);
  });
});
