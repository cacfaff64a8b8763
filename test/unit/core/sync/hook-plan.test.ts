import { describe, expect, it } from 'vitest';
import type { ApiResource } from '../../../../src-main/core/cluster/discovery';
import type { ComparedResource, DesiredResource } from '../../../../src-main/core/compare/app-comparer';
import { splitHooks } from '../../../../src-main/core/sync/hook-plan';
import { planSync, toPlanItem } from '../../../../src-main/core/sync/sync-planner';

const info = (kind: string, group: string, namespaced = true): ApiResource => ({
  group,
  version: 'v1',
  kind,
  resource: `${kind.toLowerCase()}s`,
  namespaced,
  verbs: [],
});
const source = { file: 'x.yaml', docIndex: 0, startLine: 1, endLine: 2 };
const groups: Record<string, string> = { Deployment: 'apps', Job: 'batch' };

function desired(
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
  wave = 0,
): DesiredResource {
  const group = groups[kind] ?? '';
  const namespace = kind === 'Namespace' ? '' : 'ns';
  return {
    id: `${group}/${kind}/${namespace}/${name}`,
    key: { group, kind, namespace, name },
    apiVersion: group ? `${group}/v1` : 'v1',
    body: { metadata: { name, annotations } },
    source,
    wave,
    info: info(kind, group, kind !== 'Namespace'),
  };
}
const missing = (d: DesiredResource): ComparedResource => ({ ...d, sync: 'Missing' });
const opts = { prune: false, force: false, applyAll: false };
const hook = (phase: string) => ({ 'argocd.argoproj.io/hook': phase });

describe('splitHooks', () => {
  it('keeps hooks and never-applied objects out of desired state', () => {
    const { desired: d, hooks } = splitHooks([
      desired('Deployment', 'web'),
      desired('Job', 'migrate', hook('PreSync')),
      desired('Pod', 'test', { 'helm.sh/hook': 'test' }),
      desired('ConfigMap', 'crd', { 'helm.sh/hook': 'crd-install' }),
    ]);
    expect(d.map((x) => x.key.name)).toEqual(['web', 'crd']);
    expect(hooks.map((h) => [h.resource.key.name, h.role.type])).toEqual([
      ['migrate', 'hook'],
      ['test', 'skip'],
    ]);
  });
});

describe('planSync with hooks', () => {
  const all = [
    desired('Deployment', 'web'),
    desired('ConfigMap', 'late', {}, 1),
    desired('Job', 'migrate', hook('PreSync')),
    desired('Job', 'seed', hook('PreSync'), -2),
    desired('Job', 'notify', hook('PostSync')),
    desired('Job', 'alert', hook('SyncFail')),
    desired('ConfigMap', 'during', hook('Sync'), 1),
    desired('Pod', 'skipped', hook('Skip')),
    desired('Pod', 'helm-test', { 'helm.sh/hook': 'test' }),
  ];
  const { desired: d, hooks } = splitHooks(all);

  it('orders PreSync (by wave), the waves with Sync hooks, PostSync, SyncFail, then what is never applied', () => {
    const { items } = planSync({ compared: d.map(missing), extraneous: [], options: opts, hooks });
    expect(items.map((p) => [p.key.name, p.hook?.phase ?? '-', p.apply])).toEqual([
      ['seed', 'PreSync', false],
      ['migrate', 'PreSync', false],
      ['web', '-', true],
      ['during', 'Sync', true],
      ['late', '-', true],
      ['notify', 'PostSync', false],
      ['alert', 'SyncFail', false],
      ['helm-test', 'Skip', false],
      ['skipped', 'Skip', false],
    ]);
    const plan = items.map(toPlanItem);
    expect(plan[0]).toMatchObject({ action: 'create', hook: 'PreSync' });
    expect(plan[0]?.message).toMatch(/^PreSync hook: runs before wave 0 and must complete first/);
    expect(plan[3]?.message).toMatch(/^Sync hook: runs with wave 1/);
    expect(plan[7]).toMatchObject({ action: 'unchanged', hook: 'Skip' });
  });

  it('runs no hooks in a sync of selected resources (as Argo CD)', () => {
    const { items } = planSync({
      compared: d.map(missing),
      extraneous: [],
      options: { ...opts, resources: ['apps/Deployment/ns/web'] },
      hooks,
    });
    expect(items.map((p) => p.key.name)).toEqual(['web']);
  });

  it('gives a hook of two phases one item per phase', () => {
    const two = splitHooks([desired('Job', 'both', hook('PreSync,PostSync'))]).hooks;
    const { items } = planSync({ compared: [], extraneous: [], options: opts, hooks: two });
    expect(items.map((p) => [p.id, p.hook?.phase])).toEqual([
      ['batch/Job/ns/both#PreSync', 'PreSync'],
      ['batch/Job/ns/both#PostSync', 'PostSync'],
    ]);
  });

  it('applies the Namespace a PreSync hook needs before the hooks', () => {
    const ns = splitHooks([desired('Namespace', 'ns', {}, 5), desired('Job', 'migrate', hook('PreSync'))]);
    const { items } = planSync({
      compared: ns.desired.map(missing),
      extraneous: [],
      options: opts,
      hooks: ns.hooks,
    });
    const namespace = items.find((p) => p.key.kind === 'Namespace');
    expect(namespace).toMatchObject({ beforeHooks: true });
    expect(namespace?.movedReason).toMatch(/PreSync hooks: Job ns\/migrate needs it/);
  });

  it("applies the app's missing namespace before the hooks", () => {
    const { items } = planSync({ compared: [], extraneous: [], options: opts, hooks, createNamespace: 'ns' });
    expect(items.find((p) => p.autoNamespace)).toMatchObject({ beforeHooks: true });
  });

  it('says what the delete policy does', () => {
    const h = splitHooks([
      desired('Job', 'a', { ...hook('PreSync'), 'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded' }),
    ]).hooks;
    const { items } = planSync({ compared: [], extraneous: [], options: opts, hooks: h });
    expect(items[0]?.message).toMatch(/deleted once it succeeds/);
  });
});
