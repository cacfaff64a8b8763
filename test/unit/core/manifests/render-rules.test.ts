import { describe, expect, it } from 'vitest';
import { replacedGeneration } from '../../../../src-main/core/manifests/render-rules';
import { kindLineInTemplate, lineOfObject } from '../../../../src-main/core/manifests/render-folder';
import { takeOrigin } from '../../../../src-main/core/manifests/kustomize-render';

const key = (name: string, kind = 'ConfigMap') => ({ group: '', kind, namespace: 'ns', name });
const generated = (name: string) => ({
  key: key(name),
  source: { file: 'k', docIndex: 0, startLine: 1, endLine: 1, generated: true },
});

describe('generated objects replaced by a new hash', () => {
  it('names the generation that replaced an old generated ConfigMap', () => {
    expect(replacedGeneration(key('settings-7b8k5f2m9c'), [generated('settings-h4t6dm2c5b')])).toBe(
      "Generated, replaced by settings-h4t6dm2c5b: a generator's content changed its hash",
    );
  });
  it('leaves other removed objects alone', () => {
    expect(replacedGeneration(key('other-7b8k5f2m9c'), [generated('settings-h4t6dm2c5b')])).toBeUndefined();
    expect(replacedGeneration(key('settings'), [generated('settings-h4t6dm2c5b')])).toBeUndefined();
    expect(
      replacedGeneration(key('settings-7b8k5f2m9c', 'Secret'), [generated('settings-h4t6dm2c5b')]),
    ).toBeUndefined();
    const handWritten = {
      key: key('settings-h4t6dm2c5b'),
      source: { file: 'a', docIndex: 0, startLine: 1, endLine: 1 },
    };
    expect(replacedGeneration(key('settings-7b8k5f2m9c'), [handWritten])).toBeUndefined();
  });
});

describe('kustomize origins', () => {
  it('reads and strips the origin annotation, keeping the object otherwise as rendered', () => {
    const body = {
      metadata: {
        name: 'web',
        annotations: { 'config.kubernetes.io/origin': 'path: ../repo/base/web.yaml\n' },
      },
    };
    expect(takeOrigin(body, '/tmp/wrap')).toEqual({ file: '/tmp/repo/base/web.yaml', generated: false });
    expect(body).toEqual({ metadata: { name: 'web' } });
    const gen = {
      metadata: {
        name: 'cfg-abc',
        annotations: {
          keep: 'me',
          'config.kubernetes.io/origin':
            'configuredIn: ../repo/kustomization.yaml\nconfiguredBy:\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n',
        },
      },
    };
    expect(takeOrigin(gen, '/tmp/wrap')).toEqual({
      configuredIn: '/tmp/repo/kustomization.yaml',
      generated: true,
    });
    expect(gen.metadata.annotations).toEqual({ keep: 'me' });
  });
  it('finds the line of an object by kind and name in a multi-document file', () => {
    const text = 'kind: Service\nmetadata:\n  name: web\n---\nkind: Deployment\nmetadata:\n  name: web\n';
    expect(lineOfObject(text, 'Deployment', 'web')).toBe(7);
    expect(lineOfObject(text, 'Service', 'web')).toBe(3);
    expect(lineOfObject(text, 'Service', 'prefixed-web')).toBe(3);
    expect(lineOfObject(text, 'Service', 'other')).toBe(1);
  });
  it("finds a Helm object's kind line in its template: the n-th of its kind, never a roleRef", () => {
    const template = [
      '{{- range .Values.roles }}',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      'metadata:',
      '  name: {{ . }}',
      '{{- end }}',
      '---',
      'kind: RoleBinding',
      'roleRef:',
      '  kind: Role',
      '---',
      'kind: "Role"  # the admin one',
    ].join('\n');
    expect(kindLineInTemplate(template, 'Role', 0)).toBe(3);
    expect(kindLineInTemplate(template, 'Role', 1)).toBe(12);
    // A range loop rendered more Roles than there are kind lines: the last one.
    expect(kindLineInTemplate(template, 'Role', 5)).toBe(12);
    expect(kindLineInTemplate(template, 'RoleBinding', 0)).toBe(8);
    expect(kindLineInTemplate('kind: {{ .Values.kind }}\n', 'Deployment', 0)).toBe(1);
  });
});
