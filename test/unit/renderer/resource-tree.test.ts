import { describe, expect, it } from 'vitest';
import type { ResourceState } from '../../../src-shared/model';
import {
  ancestorsOf,
  buildForest,
  filterResources,
  noFilter,
  flattenTree,
  groupByKind,
  resourceAtLine,
} from '../../../src-renderer/features/resources/resource-tree';

function res(kind: string, name: string, extra: Partial<ResourceState> = {}): ResourceState {
  const group = kind === 'Deployment' || kind === 'ReplicaSet' ? 'apps' : '';
  return {
    id: `${group}/${kind}/default/${name}`,
    key: { group, kind, namespace: 'default', name },
    apiVersion: group ? `${group}/v1` : 'v1',
    sync: 'Synced',
    health: 'Healthy',
    ...extra,
  };
}

const dep = res('Deployment', 'web', {
  source: { file: 'deploy.yaml', docIndex: 0, startLine: 1, endLine: 20 },
});
const rs = res('ReplicaSet', 'web-abc', { parentId: dep.id });
const pod1 = res('Pod', 'web-abc-1', { parentId: rs.id });
const pod2 = res('Pod', 'web-abc-2', { parentId: rs.id, health: 'Progressing' });
const svc = res('Service', 'web', {
  sync: 'OutOfSync',
  source: { file: 'svc.yaml', docIndex: 0, startLine: 1, endLine: 9 },
});
const cm = res('ConfigMap', 'cfg', { sync: 'Missing', health: 'Missing' });

describe('buildForest', () => {
  it('nests Deployment → ReplicaSet → Pods by parentId', () => {
    const roots = buildForest([pod2, svc, pod1, rs, dep]);
    expect(roots.map((n) => n.resource.key.kind)).toEqual(['Deployment', 'Service']);
    const d = roots[0]!;
    expect(d.children.map((n) => n.resource.key.name)).toEqual(['web-abc']);
    expect(d.children[0]!.children.map((n) => n.resource.key.name)).toEqual(['web-abc-1', 'web-abc-2']);
  });

  it('keeps orphans and cycles as roots instead of dropping them', () => {
    const orphan = res('Pod', 'lost', { parentId: 'apps/ReplicaSet/default/gone' });
    const a = res('ConfigMap', 'a', { parentId: '/ConfigMap/default/b' });
    const b = res('ConfigMap', 'b', { parentId: '/ConfigMap/default/a' });
    const self = res('Secret', 's', { parentId: '/Secret/default/s' });
    const roots = buildForest([orphan, a, b, self]);
    const all = (ns: ReturnType<typeof buildForest>): number =>
      ns.reduce((n, x) => n + 1 + all(x.children), 0);
    expect(all(roots)).toBe(4);
    expect(roots.some((n) => n.resource.key.name === 'lost')).toBe(true);
    expect(roots.some((n) => n.resource.key.name === 's')).toBe(true);
  });
});

describe('groupByKind', () => {
  it('orders groups like a sync and carries the worst status', () => {
    const svc2 = res('Service', 'api', { health: 'Degraded' });
    const groups = groupByKind(buildForest([dep, rs, svc, svc2, cm]));
    expect(groups.map((g) => g.kind)).toEqual(['ConfigMap', 'Service', 'Deployment']);
    const service = groups.find((g) => g.kind === 'Service')!;
    expect(service.sync).toBe('OutOfSync');
    expect(service.health).toBe('Degraded');
    expect(groups.find((g) => g.kind === 'ConfigMap')!.sync).toBe('Missing');
  });
});

describe('flattenTree', () => {
  const groups = groupByKind(buildForest([dep, rs, pod1, pod2, svc]));

  it('lists every row with its level when expanded', () => {
    const rows = flattenTree(groups, new Set());
    expect(
      rows.map((r) => `${r.level}:${r.type === 'group' ? r.group.kind : r.node.resource.key.name}`),
    ).toEqual(['1:Service', '2:web', '1:Deployment', '2:web', '3:web-abc', '4:web-abc-1', '4:web-abc-2']);
  });

  it('hides the children of collapsed groups and resources', () => {
    expect(flattenTree(groups, new Set([rs.id]))).toHaveLength(5);
    expect(flattenTree(groups, new Set(['kind:Deployment']))).toHaveLength(3);
  });

  it('handles 2,000 resources quickly', () => {
    const many: ResourceState[] = [];
    for (let i = 0; i < 2000; i++) many.push(res('ConfigMap', `cm-${i}`));
    const t0 = performance.now();
    const rows = flattenTree(groupByKind(buildForest(many)), new Set());
    expect(rows).toHaveLength(2001);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

describe('lookups', () => {
  it('finds the resource defined at a line', () => {
    expect(resourceAtLine([dep, svc], 'deploy.yaml', 5)?.id).toBe(dep.id);
    expect(resourceAtLine([dep, svc], 'deploy.yaml', 25)).toBeUndefined();
    expect(resourceAtLine([dep, svc], 'svc.yaml', 1)?.id).toBe(svc.id);
  });

  it('lists ancestors for expanding down to a resource', () => {
    expect(ancestorsOf([dep, rs, pod1], pod1.id)).toEqual([rs.id, dep.id]);
  });
});

describe('filterResources', () => {
  const res = (
    kind: string,
    name: string,
    sync: ResourceState['sync'],
    health: ResourceState['health'],
    parentId?: string,
  ): ResourceState => ({
    id: `${kind}/${name}`,
    key: { group: '', kind, namespace: 'ns', name },
    apiVersion: 'v1',
    sync,
    health,
    ...(parentId ? { parentId } : {}),
  });
  const list = [
    res('Deployment', 'web', 'Synced', 'Progressing'),
    res('ReplicaSet', 'web-1', 'Synced', 'Progressing', 'Deployment/web'),
    res('Pod', 'web-1-a', 'Synced', 'Degraded', 'ReplicaSet/web-1'),
    res('ConfigMap', 'settings', 'OutOfSync', 'Healthy'),
    res('Service', 'web', 'Missing', 'Missing'),
  ];
  const ids = (f: Partial<typeof noFilter>) => filterResources(list, { ...noFilter, ...f }).map((r) => r.id);

  it('keeps everything without a filter', () => {
    expect(ids({})).toHaveLength(5);
  });
  it('matches every word against kind and name, keeping the ancestors of a match', () => {
    expect(ids({ text: 'pod web' })).toEqual(['Deployment/web', 'ReplicaSet/web-1', 'Pod/web-1-a']);
    expect(ids({ text: 'SETTINGS' })).toEqual(['ConfigMap/settings']);
    expect(ids({ text: 'nothing-like-it' })).toEqual([]);
  });
  it('out of sync only: what differs from git, Missing included, children never', () => {
    expect(ids({ outOfSyncOnly: true })).toEqual(['ConfigMap/settings', 'Service/web']);
  });
  it('unhealthy only, and combined with text', () => {
    expect(ids({ unhealthyOnly: true })).toEqual([
      'Deployment/web',
      'ReplicaSet/web-1',
      'Pod/web-1-a',
      'Service/web',
    ]);
    expect(ids({ unhealthyOnly: true, text: 'service' })).toEqual(['Service/web']);
  });
});
