import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestProblem, ManifestSet } from '../../../src-shared/model';
import { startTestCore, type TestCore } from '../../support/core-client';
import { createRepo, createSandbox, type Sandbox } from '../../support/git-fixtures';

/** Each case is one file: a valid ConfigMap "ok-<name>" first, then the bad document. */
interface Case {
  name: string;
  bad: string;
  problem: Omit<ManifestProblem, 'file'>;
}

const ok = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok-${name}\n---\n`;
const cm = (meta: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n${meta}`;
const notMapping = (what: string) =>
  `Document is a ${what}, not a mapping; a Kubernetes object must be a YAML mapping.`;
const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
  ...'bcd'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abc'[i]}`).join(',')}]`),
  `e: [${Array(10).fill('*d').join(',')}]`,
].join('\n');

const cases: Case[] = [
  {
    name: 'flow-unclosed',
    bad: cm('  name: [unclosed\n'),
    problem: {
      docIndex: 1,
      line: 10,
      column: 1,
      message:
        'Invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    },
  },
  {
    name: 'compact-nested',
    bad: cm('  name: x\n    bad: y\n'),
    // Reported on the over-indented line itself, where the fix is, not on the value above it.
    problem: {
      docIndex: 1,
      line: 10,
      column: 5,
      message: 'Invalid YAML: Nested mappings are not allowed in compact mappings',
    },
  },
  {
    name: 'tab-indent',
    bad: cm('\tname: x\n'),
    problem: {
      docIndex: 1,
      line: 9,
      column: 1,
      message: 'Invalid YAML: Tabs are not allowed as indentation',
    },
  },
  {
    name: 'open-quote',
    bad: cm('  name: "x\n'),
    problem: { docIndex: 1, line: 10, column: 1, message: 'Invalid YAML: Missing closing "quote' },
  },
  {
    name: 'duplicate-key',
    bad: 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata:\n  name: x\n',
    problem: { docIndex: 1, line: 8, column: 1, message: 'Invalid YAML: Map keys must be unique' },
  },
  {
    name: 'unknown-alias',
    bad: cm('  name: *nope\n'),
    problem: {
      docIndex: 1,
      line: 6,
      column: 1,
      message: 'Invalid YAML: Unresolved alias (the anchor must be set before the alias): nope',
    },
  },
  {
    name: 'alias-bomb',
    bad: `${bomb}\n`,
    problem: {
      docIndex: 1,
      line: 6,
      column: 1,
      message:
        'Too many YAML aliases (more than 100), as in a "billion laughs" attack; this document was not loaded.',
    },
  },
  {
    name: 'scalar-doc',
    bad: 'just a sentence\n',
    problem: { docIndex: 1, line: 6, column: 1, message: notMapping('string') },
  },
  {
    name: 'sequence-doc',
    bad: '- a\n- b\n',
    problem: { docIndex: 1, line: 6, column: 1, message: notMapping('sequence') },
  },
  {
    name: 'number-doc',
    bad: '42\n',
    problem: { docIndex: 1, line: 6, column: 1, message: notMapping('number') },
  },
  {
    name: 'boolean-doc',
    bad: 'true\n',
    problem: { docIndex: 1, line: 6, column: 1, message: notMapping('boolean') },
  },
  {
    name: 'no-apiversion',
    bad: 'kind: ConfigMap\nmetadata:\n  name: x\n',
    problem: { docIndex: 1, line: 6, column: 1, message: 'Missing "apiVersion" (for example "apps/v1").' },
  },
  {
    name: 'numeric-apiversion',
    bad: 'apiVersion: 1\nkind: ConfigMap\nmetadata:\n  name: x\n',
    problem: { docIndex: 1, line: 6, column: 1, message: '"apiVersion" must be a non-empty string.' },
  },
  {
    name: 'empty-apiversion',
    bad: 'apiVersion: ""\nkind: ConfigMap\nmetadata:\n  name: x\n',
    problem: { docIndex: 1, line: 6, column: 1, message: '"apiVersion" must be a non-empty string.' },
  },
  {
    name: 'no-kind',
    bad: 'apiVersion: v1\nmetadata:\n  name: x\n',
    problem: { docIndex: 1, line: 6, column: 1, message: 'Missing "kind" (for example "Deployment").' },
  },
  {
    name: 'list-kind',
    bad: 'apiVersion: v1\nkind: [ConfigMap]\nmetadata:\n  name: x\n',
    problem: { docIndex: 1, line: 6, column: 1, message: '"kind" must be a non-empty string.' },
  },
  {
    name: 'no-metadata',
    bad: 'apiVersion: v1\nkind: ConfigMap\ndata: {}\n',
    problem: { docIndex: 1, line: 6, column: 1, message: 'Missing "metadata" with a "name".' },
  },
  {
    name: 'scalar-metadata',
    bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata: x\n',
    problem: { docIndex: 1, line: 6, column: 1, message: '"metadata" must be a mapping.' },
  },
  {
    name: 'no-name',
    bad: cm('  labels: {a: b}\n'),
    problem: { docIndex: 1, line: 6, column: 1, message: 'Missing "metadata.name".' },
  },
  {
    name: 'numeric-name',
    bad: cm('  name: 123\n'),
    problem: { docIndex: 1, line: 6, column: 1, message: '"metadata.name" must be a non-empty string.' },
  },
  {
    name: 'empty-name',
    bad: cm('  name: ""\n'),
    problem: { docIndex: 1, line: 6, column: 1, message: '"metadata.name" must be a non-empty string.' },
  },
  {
    name: 'bad-namespace',
    bad: cm('  name: x\n  namespace: [a]\n'),
    problem: { docIndex: 1, line: 6, column: 1, message: '"metadata.namespace" must be a string.' },
  },
  {
    name: 'list-items-mapping',
    bad: 'apiVersion: v1\nkind: List\nitems: {a: b}\n',
    problem: { docIndex: 1, line: 6, column: 1, message: '"items" of a List must be a sequence.' },
  },
  {
    name: 'list-item-scalar',
    bad: 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: from-list}\n- oops\n',
    problem: { docIndex: 1, line: 12, column: 3, message: `Item 2 of the List: ${notMapping('string')}` },
  },
  {
    name: 'list-item-no-kind',
    bad: 'apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  metadata: {name: y}\n',
    problem: {
      docIndex: 1,
      line: 9,
      column: 3,
      message: 'Item 1 of the ConfigMapList: Missing "kind" (for example "Deployment").',
    },
  },
  {
    name: 'duplicate-in-file',
    bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok-duplicate-in-file\n',
    problem: {
      docIndex: 1,
      line: 6,
      message:
        'ConfigMap ok-duplicate-in-file is defined twice: in bad-duplicate-in-file.yaml line 1 and in bad-duplicate-in-file.yaml line 6. Remove one of them; only the first is used.',
    },
  },
  {
    name: 'duplicate-across-files',
    bad: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok-compact-nested\n',
    problem: {
      docIndex: 1,
      line: 6,
      message:
        'ConfigMap ok-compact-nested is defined twice: in bad-compact-nested.yaml line 1 and in bad-duplicate-across-files.yaml line 6. Remove one of them; only the first is used.',
    },
  },
];

describe('manifests: bad inputs are reported per document and never stop the rest', () => {
  let sandbox: Sandbox;
  let t: TestCore;
  let loaded: ManifestSet;

  beforeAll(async () => {
    sandbox = await createSandbox();
    t = await startTestCore({ env: sandbox.env });
    const files: Record<string, string> = Object.fromEntries(
      cases.map((c) => [`bad-${c.name}.yaml`, ok(c.name) + c.bad]),
    );
    files['json/broken.json'] = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}\n';
    files['json/array.json'] = '[1, 2]\n';
    files['json/good.json'] =
      '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "from-json"}}\n';
    files['huge.yaml'] = `${ok('huge')}data:\n${'  k: "' + 'x'.repeat(1024) + '"\n'.repeat(1)}`.padEnd(
      5 * 1024 * 1024 + 10,
      '#',
    );
    files['chart/Chart.yaml'] = 'apiVersion: v2\nname: chart\nversion: 0.1.0\n';
    files['chart/templates/cm.yaml'] = 'this: [is not parsed as a manifest\n';
    files['empty.yaml'] = '---\n# only a comment\n---\n\n';
    files['notes.txt'] = 'not a manifest: [';
    const repo = await createRepo(sandbox, 'bad', files);
    const app = await t.api.call('apps.add', {
      name: 'bad',
      repoPath: repo,
      context: 'dev',
      namespace: 'default',
    });
    loaded = await t.api.call('manifests.load', { appId: app.id, revision: 'worktree' });
  });
  afterAll(async () => {
    await t.close();
    await sandbox.cleanup();
  });

  it('has at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)(
    '$name: exact problem, and the good document of the file still loads',
    ({ name, problem }) => {
      const file = `bad-${name}.yaml`;
      expect(loaded.problems.filter((p) => p.file === file)).toEqual([{ file, ...problem }]);
      expect(loaded.objects.filter((o) => o.source.file === file).map((o) => o.key.name)).toContain(
        `ok-${name}`,
      );
    },
  );

  it('reports invalid JSON and non-object JSON, and loads valid JSON', () => {
    expect(loaded.problems.filter((p) => p.file.startsWith('json/'))).toEqual([
      { file: 'json/array.json', docIndex: 0, line: 1, column: 1, message: notMapping('sequence') },
      {
        file: 'json/broken.json',
        docIndex: 0,
        line: 2,
        column: 1,
        message: 'Invalid YAML: Flow map must end with a }',
      },
    ]);
    expect(loaded.objects.find((o) => o.key.name === 'from-json')?.source).toEqual({
      file: 'json/good.json',
      docIndex: 0,
      startLine: 1,
      endLine: 1,
    });
  });

  it('refuses enormous files with a clear message', () => {
    expect(loaded.problems.filter((p) => p.file === 'huge.yaml')).toEqual([
      {
        file: 'huge.yaml',
        message: 'File is 5.0 MB; manifests larger than 5 MB are not loaded. Split it into smaller files.',
      },
    ]);
    expect(loaded.objects.some((o) => o.key.name === 'ok-huge')).toBe(false);
  });

  it('says when helm is missing for a chart folder, without loading its templates as manifests', () => {
    expect(loaded.problems.filter((p) => p.file.startsWith('chart'))).toEqual([
      {
        file: 'chart',
        message:
          'This folder is a Helm chart (Chart.yaml), but "helm" is not on the PATH. Install Helm to render it.',
        renderFailed: true,
      },
    ]);
  });

  it('ignores empty documents and non-manifest files silently; List items load', () => {
    expect(loaded.problems.some((p) => p.file === 'empty.yaml' || p.file === 'notes.txt')).toBe(false);
    const fromList = loaded.objects.find((o) => o.key.name === 'from-list');
    expect(fromList?.source).toEqual({
      file: 'bad-list-item-scalar.yaml',
      docIndex: 1,
      startLine: 9,
      endLine: 11,
    });
    expect(loaded.problems).toHaveLength(cases.length + 4);
  });
});
