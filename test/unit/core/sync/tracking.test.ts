import { describe, expect, it } from 'vitest';
import {
  appLabelValue,
  isTrackedBy,
  trackingId,
  withTracking,
} from '../../../../src-main/core/sync/tracking';

const key = { group: 'apps', kind: 'Deployment', namespace: 'ns', name: 'web' };

describe('tracking', () => {
  it('uses Argo CD annotation tracking format', () => {
    expect(trackingId('guestbook', key)).toBe('guestbook:apps/Deployment:ns/web');
    expect(trackingId('guestbook', { group: '', kind: 'Namespace', namespace: '', name: 'ns' })).toBe(
      'guestbook:/Namespace:/ns',
    );
  });
  it('makes label-safe values', () => {
    expect(appLabelValue('my app/1')).toBe('my-app-1');
    expect(appLabelValue('-x-')).toBe('x');
    expect(appLabelValue('a'.repeat(80))).toHaveLength(63);
  });
  it('adds the mark without touching anything else', () => {
    const body = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { a: 'b' } },
      spec: { unknown: { x: 1 } },
    };
    const out = withTracking(body, 'guestbook', key, 'abc');
    expect(out.spec).toBe(body.spec);
    expect(out.metadata).toEqual({
      name: 'web',
      namespace: 'ns',
      labels: { a: 'b', 'gitops-desktop/app': 'guestbook' },
      annotations: {
        'argocd.argoproj.io/tracking-id': 'guestbook:apps/Deployment:ns/web',
        'gitops-desktop/revision': 'abc',
      },
    });
    expect(body.metadata).toEqual({ name: 'web', labels: { a: 'b' } });
  });
  it('recognises only objects with both label and matching annotation', () => {
    const tracked = withTracking({ metadata: { name: 'web' } }, 'guestbook', key);
    expect(isTrackedBy(tracked, 'guestbook', key)).toBe(true);
    expect(isTrackedBy(tracked, 'other', key)).toBe(false);
    expect(isTrackedBy(tracked, 'guestbook', { ...key, name: 'copy' })).toBe(false);
    expect(
      isTrackedBy({ metadata: { labels: { 'gitops-desktop/app': 'guestbook' } } }, 'guestbook', key),
    ).toBe(false);
  });
});
