import { describe, expect, it } from 'vitest';
import { argoCdEngine } from '../../../../src-main/core/engines/argocd-engine';
import { commitOf } from '../../../../src-main/core/engines/engine';
import { fluxEngine } from '../../../../src-main/core/engines/flux-engine';

const source = {
  repoUrl: 'https://git.example.com/team/deploy.git',
  branch: 'main',
  path: './apps/guestbook',
  targetNamespace: 'guestbook',
  server: 'https://kubernetes.default.svc',
};
const options = {
  namespace: 'flux-system',
  name: 'guestbook',
  interval: '1m',
  prune: true,
  folder: 'clusters',
};
const sha = 'a'.repeat(40);
const ref = { engine: 'flux' as const, namespace: 'flux-system', name: 'guestbook' };

describe('Flux hand-over objects', () => {
  it('makes a GitRepository for the branch and a Kustomization for the path', () => {
    const [repo, ks] = fluxEngine.objects(source, options);
    expect(repo).toMatchObject({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'guestbook', namespace: 'flux-system' },
      spec: { url: source.repoUrl, ref: { branch: 'main' }, interval: '1m' },
    });
    expect(ks).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      spec: {
        sourceRef: { kind: 'GitRepository', name: 'guestbook' },
        path: './apps/guestbook',
        prune: true,
        targetNamespace: 'guestbook',
      },
    });
  });

  it('reads Ready, the applied revision and suspension from the Kustomization', () => {
    const ks = {
      spec: { suspend: true },
      status: {
        lastAppliedRevision: `main@sha1:${sha}`,
        conditions: [{ type: 'Ready', status: 'True', message: `Applied revision: main@sha1:${sha}` }],
      },
    };
    const repo = { status: { artifact: { revision: `main@sha1:${'b'.repeat(40)}` } } };
    expect(fluxEngine.status(ref, ks, repo)).toEqual({
      engine: 'flux',
      namespace: 'flux-system',
      name: 'guestbook',
      found: true,
      ready: 'True',
      message: `Applied revision: main@sha1:${sha}`,
      appliedRevision: sha,
      sourceRevision: 'b'.repeat(40),
      suspended: true,
    });
  });

  it('says when the Kustomization is not there', () => {
    expect(fluxEngine.status(ref, undefined, undefined)).toMatchObject({ found: false, ready: 'Unknown' });
  });

  it('asks both objects to reconcile with the requestedAt annotation', () => {
    const reqs = fluxEngine.reconcileRequests(ref, '2026-01-01T00:00:00Z');
    expect(reqs.map((r) => r.kind)).toEqual(['GitRepository', 'Kustomization']);
    for (const r of reqs) {
      expect(r.metadata).toMatchObject({
        annotations: { 'reconcile.fluxcd.io/requestedAt': '2026-01-01T00:00:00Z' },
      });
    }
  });
});

describe('Argo CD hand-over objects', () => {
  it('makes an Application with source, destination and an automated, server-side sync', () => {
    const [app] = argoCdEngine.objects(source, { ...options, namespace: 'argocd', prune: false });
    expect(app).toMatchObject({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'guestbook', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: source.repoUrl, targetRevision: 'main', path: './apps/guestbook' },
        destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
        syncPolicy: {
          automated: { prune: false, selfHeal: true },
          syncOptions: ['ServerSideApply=true', 'CreateNamespace=true'],
        },
      },
    });
  });

  it('says plainly when no controller ever wrote a status', () => {
    const status = argoCdEngine.status({ ...ref, engine: 'argocd' }, { spec: {} }, undefined);
    expect(status).toMatchObject({ found: true, ready: 'Unknown', suspended: true });
    expect(status.message).toContain('controller');
  });
});

describe('commitOf', () => {
  it('takes the commit from Flux and Argo CD revision strings', () => {
    expect(commitOf(`main@sha1:${sha}`)).toBe(sha);
    expect(commitOf(sha)).toBe(sha);
    expect(commitOf('main')).toBeUndefined();
    expect(commitOf(undefined)).toBeUndefined();
  });
});
