import { describe, expect, it } from 'vitest';
import type { ComparedResource, ExtraneousResource } from '../../../../src-main/core/compare/app-comparer';
import type { ApiResource } from '../../../../src-main/core/cluster/discovery';
import { buildPlan, planSync, toPlanItem } from '../../../../src-main/core/sync/sync-planner';

const info = (kind: string, group = '', namespaced = true): ApiResource => ({
  group,
  version: 'v1',
  kind,
  resource: `${kind.toLowerCase()}s`,
  namespaced,
  verbs: [],
});
const source = { file: 'x.yaml', docIndex: 0, startLine: 1, endLine: 2 };
const compared = (
  kind: string,
  name: string,
  sync: ComparedResource['sync'],
  extra: Partial<ComparedResource> = {},
): ComparedResource => {
  const group = kind === 'Deployment' ? 'apps' : '';
  const namespace = kind === 'Namespace' ? '' : 'ns';
  return {
    id: `${group}/${kind}/${namespace}/${name}`,
    key: { group, kind, namespace, name },
    apiVersion: 'v1',
    body: {},
    source,
    wave: 0,
    info: info(kind, group, kind !== 'Namespace'),
    sync,
    ...(sync === 'Missing' ? {} : { live: {} }),
    ...extra,
  };
};
const opts = { prune: false, force: false, applyAll: false };

describe('buildPlan', () => {
  it('maps comparison to actions and applies only what is out of sync', () => {
    const plan = buildPlan({
      compared: [
        compared('Deployment', 'web', 'OutOfSync', { syncReason: 'Differs at spec.replicas' }),
        compared('ConfigMap', 'c', 'Synced'),
        compared('Service', 's', 'Missing'),
      ],
      extraneous: [],
      options: opts,
    });
    expect(plan.map((p) => [p.key.kind, p.action, p.apply])).toEqual([
      ['ConfigMap', 'unchanged', false],
      ['Service', 'create', true],
      ['Deployment', 'update', true],
    ]);
    expect(plan[2]?.message).toBe('Differs at spec.replicas');
  });
  it('applies unchanged resources with applyAll', () => {
    expect(
      buildPlan({
        compared: [compared('ConfigMap', 'c', 'Synced')],
        extraneous: [],
        options: { ...opts, applyAll: true },
      })[0]?.apply,
    ).toBe(true);
  });
  it('limits to the selected resources', () => {
    const plan = buildPlan({
      compared: [compared('ConfigMap', 'a', 'Missing'), compared('ConfigMap', 'b', 'Missing')],
      extraneous: [],
      options: { ...opts, resources: ['/ConfigMap/ns/b'] },
    });
    expect(plan.map((p) => p.key.name)).toEqual(['b']);
  });
  it('reports server errors from the dry run but still lets the server decide at sync', () => {
    const plan = buildPlan({
      compared: [
        compared('Service', 'bad', 'Missing', {
          dryRunError: { code: 'invalid', message: 'spec.ports[0].port: Invalid value: 99999' },
        }),
      ],
      extraneous: [],
      options: opts,
    });
    expect(plan[0]).toMatchObject({
      action: 'error',
      message: 'The server rejects it: spec.ports[0].port: Invalid value: 99999',
      apply: true,
    });
  });
  it('does not apply a kind the cluster does not serve', () => {
    const plan = buildPlan({
      compared: [compared('Widget', 'w', 'Unknown', { resolveError: 'not served' })],
      extraneous: [],
      options: opts,
    });
    expect(plan[0]).toMatchObject({ action: 'error', apply: false });
  });
  it('creates custom resources of a CRD in the same sync', () => {
    const cr = compared('Widget', 'w', 'Missing');
    delete cr.info;
    expect(buildPlan({ compared: [cr], extraneous: [], options: opts })[0]).toMatchObject({
      action: 'create',
      apply: true,
    });
  });
  it('expects a missing namespace that the sync creates', () => {
    const plan = buildPlan({
      compared: [
        compared('Namespace', 'ns', 'Missing'),
        compared('ConfigMap', 'c', 'Missing', {
          dryRunError: { code: 'not-found', message: 'namespaces "ns" not found' },
        }),
      ],
      extraneous: [],
      options: opts,
    });
    expect(plan.map((p) => [p.key.kind, p.action])).toEqual([
      ['Namespace', 'create'],
      ['ConfigMap', 'create'],
    ]);
  });
  it('creates the app namespace first when no manifest defines it, and says so', () => {
    const plan = buildPlan({
      compared: [
        compared('ConfigMap', 'c', 'Missing', {
          dryRunError: { code: 'not-found', message: 'namespaces "ns" not found' },
        }),
      ],
      extraneous: [],
      options: opts,
      createNamespace: 'ns',
    });
    expect(plan[0]).toMatchObject({
      key: { kind: 'Namespace', name: 'ns' },
      action: 'create',
      autoNamespace: true,
    });
    expect(plan[0]?.message).toContain('does not exist');
    expect(plan[1]?.action).toBe('create');
  });
  it('lists prune candidates only with prune, last, in reverse kind order', () => {
    const extraneous: ExtraneousResource[] = [
      {
        id: '/ConfigMap/ns/old',
        key: { group: '', kind: 'ConfigMap', namespace: 'ns', name: 'old' },
        apiVersion: 'v1',
        info: info('ConfigMap'),
        live: {},
      },
      {
        id: 'apps/Deployment/ns/gone',
        key: { group: 'apps', kind: 'Deployment', namespace: 'ns', name: 'gone' },
        apiVersion: 'apps/v1',
        info: info('Deployment', 'apps'),
        live: {},
      },
    ];
    const live = [compared('Deployment', 'web', 'OutOfSync')];
    expect(buildPlan({ compared: live, extraneous, options: opts }).some((p) => p.action === 'prune')).toBe(
      false,
    );
    const plan = buildPlan({ compared: live, extraneous, options: { ...opts, prune: true } });
    expect(plan.map((p) => `${p.action}:${p.key.name}`)).toEqual(['update:web', 'prune:gone', 'prune:old']);
  });
  it('never prunes an object whose live annotations say Prune=false, and says so in the plan', () => {
    const extraneous: ExtraneousResource[] = ['keep', 'gone'].map((name) => ({
      id: `/ConfigMap/ns/${name}`,
      key: { group: '', kind: 'ConfigMap', namespace: 'ns', name },
      apiVersion: 'v1',
      info: info('ConfigMap'),
      live:
        name === 'keep'
          ? {
              metadata: {
                name,
                annotations: { 'argocd.argoproj.io/sync-options': 'Validate=false, Prune=false' },
              },
            }
          : { metadata: { name } },
    }));
    const plan = planSync({ compared: [], extraneous, options: { ...opts, prune: true }, appName: 'shop' });
    expect(plan.items.map((p) => `${p.action}:${p.key.name}`)).toEqual(['prune:gone', 'unchanged:keep']);
    expect(plan.items[1]!.message).toMatch(/Prune=false/);
    expect(plan.prune.confirm?.reason).toMatch(/deletes 1 of/);
  });
  it('offers to recreate an object whose update changes an immutable field, and recreates it when chosen or annotated', () => {
    const dryRunError = {
      code: 'invalid',
      message:
        'Deployment.apps "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"web2"}}: field is immutable',
    };
    const web = compared('Deployment', 'web', 'OutOfSync', { dryRunError });
    const [offered] = buildPlan({ compared: [web], extraneous: [], options: opts });
    expect(offered).toMatchObject({
      action: 'error',
      recreate: { fields: ['spec.selector'], chosen: false },
    });
    expect(offered!.message).toMatch(/`spec.selector` cannot change in place.*Recreate/);

    const [chosen] = buildPlan({ compared: [web], extraneous: [], options: { ...opts, recreate: [web.id] } });
    expect(chosen).toMatchObject({ action: 'update', apply: true, recreate: { chosen: true } });
    expect(toPlanItem(chosen!).recreate).toEqual({ fields: ['spec.selector'], chosen: true });

    const annotated = compared('Deployment', 'web', 'OutOfSync', {
      dryRunError,
      body: { metadata: { annotations: { 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' } } },
    });
    const [byAnnotation] = buildPlan({ compared: [annotated], extraneous: [], options: opts });
    expect(byAnnotation).toMatchObject({ action: 'update', recreate: { chosen: true, byAnnotation: true } });

    const missing = compared('Deployment', 'new', 'Missing', { dryRunError });
    expect(buildPlan({ compared: [missing], extraneous: [], options: opts })[0]!.recreate).toBeUndefined();
  });
  it('refuses every prune while the revision has a manifest problem, saying where', () => {
    const extraneous: ExtraneousResource[] = [
      {
        id: '/ConfigMap/ns/old',
        key: { group: '', kind: 'ConfigMap', namespace: 'ns', name: 'old' },
        apiVersion: 'v1',
        info: info('ConfigMap'),
        live: {},
      },
    ];
    const plan = planSync({
      compared: [compared('ConfigMap', 'keep', 'OutOfSync')],
      extraneous,
      options: { ...opts, prune: true },
      problems: [{ file: 'deployment.yaml', line: 4, message: 'bad indentation' }],
      appName: 'shop',
    });
    expect(plan.items.map((p) => p.action)).toEqual(['update']);
    expect(plan.prune.blocked).toMatch(/deployment\.yaml:4/);
  });
  it('lists rows in apply order with the effective wave and why a Namespace moved', () => {
    const ns = compared('Namespace', 'ns', 'Missing');
    const job = compared('Job', 'migrate', 'Missing', { wave: -1 });
    const web = compared('Deployment', 'web', 'Missing');
    const late = compared('ConfigMap', 'late', 'Missing', { wave: 1 });
    const items = buildPlan({ compared: [late, web, job, ns], extraneous: [], options: opts }).map(
      toPlanItem,
    );
    expect(items.map((i) => i.key.name)).toEqual(['ns', 'migrate', 'web', 'late']);
    expect(items[0]).toMatchObject({ wave: 0, effectiveWave: -1 });
    expect(items[0]?.movedReason).toMatch(/Job migrate \(wave -1\) needs it/);
    expect(items[1]?.effectiveWave).toBeUndefined();
  });
  it('forces only the resources the user took over', () => {
    const plan = buildPlan({
      compared: [compared('ConfigMap', 'a', 'OutOfSync'), compared('ConfigMap', 'b', 'OutOfSync')],
      extraneous: [],
      options: { ...opts, takeOver: ['/ConfigMap/ns/b'] },
    });
    expect(plan.map((p) => [p.key.name, p.force === true])).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });
});
