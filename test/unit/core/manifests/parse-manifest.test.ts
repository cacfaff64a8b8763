import { describe, expect, it } from 'vitest';
import { parseManifestText } from '../../../../src-main/core/manifests/parse-manifest';

describe('parseManifestText', () => {
  it('keeps bodies exactly as parsed and records 1-based line ranges per document', () => {
    const text =
      '# leading comment\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  replicas: 1\n---\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n';
    const { objects, problems } = parseManifestText(text, { file: 'app.yaml' });
    expect(problems).toEqual([]);
    expect(objects.map((o) => [o.key, o.source])).toEqual([
      [
        { group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'web' },
        { file: 'app.yaml', docIndex: 0, startLine: 2, endLine: 8 },
      ],
      [
        { group: '', kind: 'Service', namespace: '', name: 'web' },
        { file: 'app.yaml', docIndex: 2, startLine: 11, endLine: 13 },
      ],
    ]);
    expect(objects[0]!.body).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'prod' },
      spec: { replicas: 1 },
    });
  });

  it('accepts generateName instead of a name for hooks only', () => {
    const hook =
      'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: seed-\n  annotations: {argocd.argoproj.io/hook: PostSync}\n';
    const ok = parseManifestText(hook, { file: 'seed.yaml' });
    expect(ok.problems).toEqual([]);
    expect(ok.objects[0]?.key).toEqual({ group: 'batch', kind: 'Job', namespace: '', name: 'seed-' });
    const plain = parseManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: c-\n', {
      file: 'c.yaml',
    });
    expect(plain.objects).toEqual([]);
    expect(plain.problems[0]?.message).toMatch(/Missing "metadata.name"/);
  });

  it('marks rendered output with its renderer', () => {
    const { objects } = parseManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', {
      file: 'overlay',
      renderedBy: 'kustomize',
    });
    expect(objects[0]!.source).toEqual({
      file: 'overlay',
      docIndex: 0,
      startLine: 1,
      endLine: 3,
      renderedBy: 'kustomize',
    });
  });

  it('supports merge keys, and returns nothing for an empty file', () => {
    const text =
      'base: &b {app: web}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n  labels:\n    <<: {app: web}\n    tier: x\n';
    const parsed = parseManifestText(text, { file: 'f' });
    expect(parsed.problems.map((p) => p.message)).toEqual(['Missing "apiVersion" (for example "apps/v1").']);
    expect(parsed.objects[0]!.body.metadata).toEqual({ name: 'm', labels: { app: 'web', tier: 'x' } });
    expect(parseManifestText('', { file: 'e' })).toEqual({ objects: [], problems: [] });
  });
});

describe('where a YAML error is reported', () => {
  const origin = { file: 'bad.yaml' };
  it('blames the over-indented line, not the value above it', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: foo\n    app: y\n';
    const { problems } = parseManifestText(text, origin);
    expect(problems[0]).toMatchObject({ file: 'bad.yaml', line: 6, column: 5 });
  });
  it('keeps the parser position when the next line is not more indented', () => {
    const { problems } = parseManifestText('a: b: c\nd: 1\n', origin);
    expect(problems[0]).toMatchObject({ line: 1 });
  });
  it('keeps an inconsistent mapping indent on its own line', () => {
    const text = 'kind: ConfigMap\ndata:\n  a: "1"\n  b:\n    c: 1\n   d: 2\n';
    expect(parseManifestText(text, origin).problems[0]).toMatchObject({ line: 6 });
  });
});
