import { describe, expect, it } from 'vitest';
import { normaliseYaml } from '../../../src-renderer/features/diff/normalise-yaml';

describe('normaliseYaml', () => {
  it('puts both sides in one key order, so re-ordered keys are no change', () => {
    const a =
      'kind: StatefulSet\napiVersion: apps/v1\nspec:\n  serviceName: db\n  replicas: 1\nmetadata:\n  name: db\n';
    const b =
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 1\n  serviceName: db\n';
    expect(normaliseYaml(a, false)).toBe(normaliseYaml(b, false));
    expect(normaliseYaml(a, false).split('\n')[0]).toBe('apiVersion: apps/v1');
  });
  it('hides bookkeeping metadata on request, keeping what the user wrote', () => {
    const live = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: x',
      '  resourceVersion: "12"',
      '  uid: abc',
      '  managedFields: [{manager: kubectl}]',
      '  labels: {gitops-desktop/app: a, team: red}',
      '  annotations: {argocd.argoproj.io/tracking-id: "a:/ConfigMap:ns/x"}',
      'data: {k: v}',
      '',
    ].join('\n');
    const shown = normaliseYaml(live, true);
    expect(shown).not.toMatch(
      /resourceVersion|uid|managedFields|gitops-desktop\/app|tracking-id|annotations/,
    );
    expect(shown).toContain('team: red');
    expect(normaliseYaml(live, false)).toContain('managedFields');
  });
  it('leaves text that does not parse alone', () => {
    expect(normaliseYaml('a: "unterminated\n', true)).toBe('a: "unterminated\n');
  });
});
