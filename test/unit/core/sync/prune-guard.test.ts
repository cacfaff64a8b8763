import { describe, expect, it } from 'vitest';
import type { ExtraneousResource } from '../../../../src-main/core/compare/app-comparer';
import type { ApiResource } from '../../../../src-main/core/cluster/discovery';
import {
  guardExtraneous,
  pruneConfirmed,
  prunePolicy,
  unresolvedProblems,
} from '../../../../src-main/core/sync/prune-guard';
import type { ManifestProblem, ResourceKey } from '../../../../src-shared/model';

const info: ApiResource = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  resource: 'deployments',
  namespaced: true,
  verbs: [],
};
const extraneous = (name: string): ExtraneousResource => ({
  id: `apps/Deployment/ns/${name}`,
  key: { group: 'apps', kind: 'Deployment', namespace: 'ns', name },
  apiVersion: 'apps/v1',
  info,
  live: { metadata: { name } },
});
const typo: ManifestProblem = {
  file: 'deployment.yaml',
  line: 7,
  message: 'bad indentation of a mapping entry',
};

describe('guardExtraneous', () => {
  it('keeps everything extraneous when the manifests have no problem', () => {
    const out = guardExtraneous(
      [extraneous('web')],
      [],
      new Map([['apps/Deployment/ns/web', 'deployment.yaml']]),
    );
    expect(out.extraneous.map((e) => e.key.name)).toEqual(['web']);
    expect(out.guarded).toEqual([]);
  });
  it('guards an object whose file has a problem, naming file:line', () => {
    const out = guardExtraneous(
      [extraneous('web'), extraneous('old')],
      [typo],
      new Map([
        ['apps/Deployment/ns/web', 'deployment.yaml'],
        ['apps/Deployment/ns/old', 'old.yaml'],
      ]),
    );
    expect(out.extraneous.map((e) => e.key.name)).toEqual(['old']);
    expect(out.guarded).toHaveLength(1);
    expect(out.guarded[0]!.reason).toMatch(/^Manifest problem at deployment\.yaml:7: bad indentation/);
    expect(out.guarded[0]!.source).toMatchObject({ file: 'deployment.yaml', startLine: 7 });
  });
  it('guards objects of a rendered folder with a problem', () => {
    const out = guardExtraneous(
      [extraneous('web')],
      [{ file: 'overlays/prod', message: 'kustomize build failed' }],
      new Map([['apps/Deployment/ns/web', 'overlays/prod']]),
    );
    expect(out.guarded.map((g) => g.key.name)).toEqual(['web']);
  });
  it('guards an object of unknown origin while any problem exists', () => {
    const out = guardExtraneous([extraneous('web')], [typo], new Map());
    expect(out.extraneous).toEqual([]);
    expect(out.guarded[0]!.reason).toMatch(/cannot tell whether Deployment ns\/web was removed/);
  });
  it('guards everything when the manifests could not be loaded at all', () => {
    const out = guardExtraneous(
      [extraneous('web')],
      [{ file: '', message: 'The repository is gone' }],
      new Map([['apps/Deployment/ns/web', 'web.yaml']]),
    );
    expect(out.guarded).toHaveLength(1);
  });
});

describe('unresolvedProblems', () => {
  const source = { file: 'deployment.yaml', docIndex: 1, startLine: 12, endLine: 30 };
  it('turns a kind the cluster does not serve into a problem of its file that guards the old object', () => {
    const problems = unresolvedProblems([
      { source, resolveError: 'The cluster does not serve Deploymnet (apps/v1).' },
      { source: { ...source, file: 'config.yaml', docIndex: 0 } },
    ]);
    expect(problems).toEqual([
      {
        file: 'deployment.yaml',
        docIndex: 1,
        line: 12,
        message: 'The cluster does not serve Deploymnet (apps/v1).',
      },
    ]);
    const out = guardExtraneous(
      [extraneous('web')],
      problems,
      new Map([['apps/Deployment/ns/web', 'deployment.yaml']]),
    );
    expect(out.extraneous).toEqual([]);
    expect(out.guarded[0]!.reason).toMatch(
      /^Manifest problem at deployment\.yaml:12: The cluster does not serve/,
    );
  });
});

const key = (kind: string, name: string, group = ''): ResourceKey => ({ group, kind, namespace: '', name });

describe('prunePolicy', () => {
  const base = { prune: true, problems: [], total: 20, appName: 'shop' };
  it('refuses prune while there are problems, naming file:line', () => {
    const p = prunePolicy({ ...base, problems: [typo], candidates: [key('ConfigMap', 'a')] });
    expect(p.blocked).toMatch(/Prune is off while the manifests have problems: deployment\.yaml:7/);
    expect(p.confirm).toBeUndefined();
  });
  it('lets a small prune through without confirmation', () => {
    expect(prunePolicy({ ...base, candidates: [key('ConfigMap', 'a')] })).toEqual({});
  });
  it('asks for the app name for more than a quarter of the objects', () => {
    const candidates = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => key('ConfigMap', n));
    const p = prunePolicy({ ...base, candidates });
    expect(p.confirm).toEqual({ phrase: 'shop', reason: "This prune deletes 6 of the app's 20 objects." });
    expect(prunePolicy({ ...base, candidates: candidates.slice(0, 5) }).confirm).toBeUndefined();
  });
  it('asks for the app name for any Namespace or CRD', () => {
    expect(prunePolicy({ ...base, candidates: [key('Namespace', 'team')] }).confirm?.reason).toMatch(
      /Namespace team/,
    );
    expect(
      prunePolicy({
        ...base,
        candidates: [key('CustomResourceDefinition', 'widgets.example.com', 'apiextensions.k8s.io')],
      }).confirm?.phrase,
    ).toBe('shop');
  });
  it('checks what was typed', () => {
    const policy = { confirm: { phrase: 'shop', reason: 'x' } };
    expect(pruneConfirmed(policy, undefined)).toBe(false);
    expect(pruneConfirmed(policy, 'Shop')).toBe(false);
    expect(pruneConfirmed(policy, ' shop ')).toBe(true);
    expect(pruneConfirmed({}, undefined)).toBe(true);
  });
});
