import { describe, expect, it } from 'vitest';
import { guardShared, otherOwner, type SharedGuardItem } from '../../../../src-main/core/engines/ownership';

const appId = 'guestbook-abc123';

function live(labels: Record<string, string> = {}, annotations: Record<string, string> = {}) {
  return { metadata: { name: 'web', namespace: 'apps', labels, annotations } };
}

describe('otherOwner', () => {
  it('names the Flux Kustomization from its labels', () => {
    const obj = live({
      'kustomize.toolkit.fluxcd.io/name': 'apps',
      'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    });
    expect(otherOwner(obj, appId)).toBe('Flux Kustomization flux-system/apps');
  });

  it('names another app from a tracking id, and ignores our own', () => {
    const theirs = live({}, { 'argocd.argoproj.io/tracking-id': 'shop:apps/Deployment:apps/web' });
    const ours = live({}, { 'argocd.argoproj.io/tracking-id': `${appId}:apps/Deployment:apps/web` });
    expect(otherOwner(theirs, appId)).toBe('Argo CD app shop');
    expect(otherOwner(ours, appId)).toBeUndefined();
  });

  it('says nothing for unclaimed or missing objects', () => {
    expect(otherOwner(live({ app: 'web' }), appId)).toBeUndefined();
    expect(otherOwner(undefined, appId)).toBeUndefined();
  });
});

describe('guardShared', () => {
  const flux = live({ 'kustomize.toolkit.fluxcd.io/name': 'apps' });

  it('stops an update of a shared object until the user agrees, naming the owner', () => {
    const items: SharedGuardItem[] = [{ action: 'update', apply: true, resource: { live: flux } }];
    guardShared(items, appId, false);
    expect(items[0]).toMatchObject({ action: 'error', apply: false, managedBy: 'Flux Kustomization apps' });
    expect(items[0]!.message).toContain('Managed by Flux Kustomization apps');
  });

  it('lets it through once the user agreed, still naming the owner', () => {
    const items = [{ action: 'update', apply: true, resource: { live: flux } }];
    guardShared(items, appId, true);
    expect(items[0]).toMatchObject({ action: 'update', apply: true, managedBy: 'Flux Kustomization apps' });
  });

  it('leaves unchanged and unshared items alone', () => {
    const items = [
      { action: 'unchanged', apply: false, resource: { live: flux } },
      { action: 'create', apply: true, resource: {} },
    ];
    guardShared(items, appId, false);
    expect(items[0]).toMatchObject({ action: 'unchanged', apply: false });
    expect(items[1]).toEqual({ action: 'create', apply: true, resource: {} });
  });
});
