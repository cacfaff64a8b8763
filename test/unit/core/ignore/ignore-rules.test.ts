import { describe, expect, it } from 'vitest';
import type { IgnoreRule } from '../../../../src-shared/model';
import {
  formatPointer,
  parsePointer,
  pointerProblem,
  removeAt,
} from '../../../../src-main/core/ignore/json-pointer';
import {
  differingPointers,
  hasIgnoreExtraneous,
  rulesFor,
  rulesProblem,
  stripIgnoredForApply,
  withoutIgnored,
} from '../../../../src-main/core/ignore/ignore-rules';
import { ownsPath, removeFields } from '../../../../src-main/core/ignore/managed-fields';
import { compareObjects } from '../../../../src-main/core/compare/resource-diff';

const key = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };

function deployment(replicas: number, image = 'nginx:1', managedFields?: unknown[]) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      labels: { 'gitops-desktop/app': 'shop-1' },
      annotations: { 'argocd.argoproj.io/tracking-id': 'shop-1:apps/Deployment:shop/web' },
      ...(managedFields ? { managedFields } : {}),
    },
    spec: {
      replicas,
      template: {
        spec: {
          containers: [
            { name: 'app', image },
            { name: 'sidecar', image: 'envoy:1' },
          ],
        },
      },
    },
  };
}

const ours = {
  manager: 'gitops-desktop',
  operation: 'Apply',
  fieldsType: 'FieldsV1',
  fieldsV1: {
    'f:metadata': { 'f:labels': { 'f:gitops-desktop/app': {} } },
    'f:spec': {
      'f:template': {
        'f:spec': {
          'f:containers': {
            'k:{"name":"app"}': { '.': {}, 'f:name': {}, 'f:image': {} },
            'k:{"name":"sidecar"}': { '.': {}, 'f:name': {}, 'f:image': {} },
          },
        },
      },
    },
  },
};
const hpa = {
  manager: 'kube-controller-manager',
  operation: 'Update',
  subresource: 'scale',
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:spec': { 'f:replicas': {} } },
};

describe('json pointers', () => {
  it('parses and formats escapes both ways', () => {
    expect(parsePointer('/metadata/annotations/example.com~1note~0x')).toEqual([
      'metadata',
      'annotations',
      'example.com/note~x',
    ]);
    expect(formatPointer(['metadata', 'annotations', 'example.com/note~x'])).toBe(
      '/metadata/annotations/example.com~1note~0x',
    );
  });

  it('names what is wrong with a pointer', () => {
    expect(pointerProblem('spec/replicas')).toContain('must start with "/"');
    expect(pointerProblem('/')).toContain('whole object');
    expect(pointerProblem('/a~2b')).toContain('~');
    expect(pointerProblem('/spec/replicas')).toBeUndefined();
  });

  it('removes a field or an array item and shares untouched branches', () => {
    const d = deployment(2);
    const out = removeAt(d, ['spec', 'replicas']) as typeof d;
    expect(out.spec.replicas).toBeUndefined();
    expect(d.spec.replicas).toBe(2);
    expect(out.metadata).toBe(d.metadata);
    const noSidecar = removeAt(d, ['spec', 'template', 'spec', 'containers', '1']) as typeof d;
    expect(noSidecar.spec.template.spec.containers.map((c) => c.name)).toEqual(['app']);
    expect(removeAt(d, ['spec', 'nothing', 'here'])).toBe(d);
    expect(removeAt(d, ['spec', 'template', 'spec', 'containers', '7'])).toBe(d);
  });
});

describe('rule matching and validation', () => {
  const rules: IgnoreRule[] = [
    { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    { group: 'apps', kind: 'Deployment', name: 'api-*', jsonPointers: ['/spec/paused'] },
    { group: '*', kind: '*', namespace: 'other', managedFieldsManagers: ['istio'] },
    { group: '', kind: 'ConfigMap', jsonPointers: ['/data'] },
  ];
  it('matches by group and kind, then optional name and namespace with * wildcards', () => {
    expect(rulesFor(rules, key)).toEqual([rules[0]]);
    expect(rulesFor(rules, { ...key, name: 'api-gw' })).toEqual([rules[0], rules[1]]);
    expect(rulesFor(rules, { ...key, namespace: 'other' })).toEqual([rules[0], rules[2]]);
    expect(rulesFor(rules, { group: '', kind: 'ConfigMap', namespace: 'shop', name: 'x' })).toEqual([
      rules[3],
    ]);
    expect(rulesFor(undefined, key)).toEqual([]);
  });

  it('refuses rules that ignore nothing or use a malformed pointer', () => {
    expect(rulesProblem(rules)).toBeUndefined();
    expect(rulesProblem([{ group: 'apps', kind: 'Deployment' }])).toContain('at least one');
    expect(rulesProblem([{ group: 'apps', kind: 'Deployment', jsonPointers: ['spec.replicas'] }])).toContain(
      'must start with "/"',
    );
  });
});

describe('comparison with ignore rules', () => {
  it('a JSON pointer rule hides the HPA-scaled replicas from both sides', () => {
    const desired = deployment(1);
    const live = deployment(5, 'nginx:1', [ours, hpa]);
    expect(compareObjects(desired, live).sync).toBe('OutOfSync');
    const rules = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];
    const n = withoutIgnored(desired, live, rules);
    expect(compareObjects(n.desired, n.live).sync).toBe('Synced');
    // Other fields still count.
    const changed = withoutIgnored(deployment(1, 'nginx:2'), live, rules);
    expect(compareObjects(changed.desired, changed.live)).toMatchObject({ sync: 'OutOfSync' });
  });

  it('a manager rule removes exactly what that manager owns, list items matched by key', () => {
    const injector = {
      manager: 'sidecar-injector',
      operation: 'Update',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': {
          'f:template': {
            'f:spec': { 'f:containers': { 'k:{"name":"sidecar"}': { 'f:image': {} } } },
          },
        },
      },
    };
    const live = deployment(1, 'nginx:1', [ours, injector]);
    (live.spec.template.spec.containers[1] as { image: string }).image = 'envoy:2';
    // Desired lists the containers in the other order: matching is by key, not index.
    const desired = deployment(1);
    desired.spec.template.spec.containers.reverse();
    const rules = [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['sidecar-injector'] }];
    const n = withoutIgnored(desired, live, rules);
    const containers = (n.desired as typeof desired).spec.template.spec.containers;
    expect(containers).toEqual([{ name: 'sidecar' }, { name: 'app', image: 'nginx:1' }]);
    expect((n.live as typeof live).spec.template.spec.containers[1]).toEqual({ name: 'sidecar' });
    expect((n.live as typeof live).spec.replicas).toBe(1);
  });

  it('removes whole members (".") and set values', () => {
    const set = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:a': {} } },
      'f:spec': { 'f:finalizers': { 'v:"x"': {} } },
    };
    const obj = { metadata: { labels: { a: '1', b: '2' } }, spec: { finalizers: ['x', 'y'] } };
    expect(removeFields(obj, set)).toEqual({ metadata: {}, spec: { finalizers: ['y'] } });
  });

  it('finds Argo CD compare-options IgnoreExtraneous among other options', () => {
    const withOption = (v: string) => ({
      metadata: { annotations: { 'argocd.argoproj.io/compare-options': v } },
    });
    expect(hasIgnoreExtraneous(withOption('IgnoreExtraneous'))).toBe(true);
    expect(hasIgnoreExtraneous(withOption('ServerSideDiff=true, IgnoreExtraneous'))).toBe(true);
    expect(hasIgnoreExtraneous(withOption('ServerSideDiff=true'))).toBe(false);
    expect(hasIgnoreExtraneous({ metadata: {} })).toBe(false);
  });

  it('lists differing fields as JSON pointers', () => {
    const live = deployment(3);
    (live.metadata.labels as Record<string, string>)['x/y'] = 'z';
    const pointers = differingPointers(deployment(1), live).map(formatPointer);
    expect(pointers).toEqual(['/metadata/labels/x~1y', '/spec/replicas']);
  });
});

describe('stripIgnoredForApply', () => {
  const rules = [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];

  it('leaves out a field another manager owns, keeping identity and tracking', () => {
    const live = deployment(4, 'nginx:1', [ours, hpa]);
    const body = stripIgnoredForApply(deployment(1), live, rules) as ReturnType<typeof deployment>;
    expect(body.spec.replicas).toBeUndefined();
    expect(body.spec.template).toEqual(deployment(1).spec.template);
    expect(body.metadata.name).toBe('web');
    expect(body.metadata.labels['gitops-desktop/app']).toBe('shop-1');
    expect(body.apiVersion).toBe('apps/v1');
  });

  it('keeps a field only this app owns (dropping it would delete it), and applies new objects whole', () => {
    const onlyOurs = {
      ...ours,
      fieldsV1: { ...ours.fieldsV1, 'f:spec': { ...ours.fieldsV1['f:spec'], 'f:replicas': {} } },
    };
    const live = deployment(1, 'nginx:1', [onlyOurs]);
    expect(stripIgnoredForApply(deployment(1), live, rules)).toEqual(deployment(1));
    expect(stripIgnoredForApply(deployment(1), undefined, rules)).toEqual(deployment(1));
    expect(stripIgnoredForApply(deployment(1), live, [])).toEqual(deployment(1));
  });

  it('a manager rule leaves out what that manager owns', () => {
    const live = deployment(4, 'nginx:1', [ours, hpa]);
    const byManager = [
      { group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager'] },
    ];
    const body = stripIgnoredForApply(deployment(1), live, byManager) as ReturnType<typeof deployment>;
    expect(body.spec.replicas).toBeUndefined();
    // Naming this app's own manager never strips its fields.
    const self = [{ group: 'apps', kind: 'Deployment', managedFieldsManagers: ['gitops-desktop'] }];
    expect(stripIgnoredForApply(deployment(1), live, self)).toEqual(deployment(1));
  });

  it('reads ownership of a list item path by the item key', () => {
    const live = deployment(1, 'nginx:1', [ours]);
    const set = ours.fieldsV1;
    expect(ownsPath(set, live, ['spec', 'template', 'spec', 'containers', '1', 'image'])).toBe(true);
    expect(ownsPath(set, live, ['spec', 'replicas'])).toBe(false);
    expect(ownsPath({ 'f:spec': { 'f:template': {} } }, live, ['spec', 'template', 'spec'])).toBe(true);
  });
});
