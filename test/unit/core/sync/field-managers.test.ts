import { describe, expect, it } from 'vitest';
import {
  conflictOf,
  describeConflict,
  isInteractiveManager,
} from '../../../../src-main/core/sync/field-managers';
import { httpFailure } from '../../../../src-main/core/cluster/kube-errors';

const conflict409 = (manager: string, field: string) =>
  httpFailure(
    409,
    JSON.stringify({
      kind: 'Status',
      message: `Apply failed with 1 conflict: conflict with "${manager}" with subresource "scale" using apps/v1: ${field}`,
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: `conflict with "${manager}" with subresource "scale" using apps/v1`,
            field,
          },
        ],
      },
      code: 409,
    }),
    'Applying Deployment ns/web',
  );

describe('field managers', () => {
  it('reads the managers and fields from the server 409 details', () => {
    expect(conflictOf(conflict409('kubectl', '.spec.replicas'))).toEqual({
      managers: ['kubectl'],
      fields: ['.spec.replicas'],
    });
    expect(conflictOf(new Error('x'))).toBeUndefined();
  });
  it('tells a person’s clients from controllers; unknown managers count as controllers', () => {
    for (const m of ['kubectl', 'kubectl-edit', 'kubectl-patch', 'kubectl-client-side-apply']) {
      expect(isInteractiveManager(m)).toBe(true);
    }
    for (const m of [
      'kube-controller-manager',
      'kustomize-controller',
      'argocd-controller',
      'helm',
      'my-operator',
    ]) {
      expect(isInteractiveManager(m)).toBe(false);
    }
  });
  it('takes fields back from kubectl unless other managers are respected', () => {
    const c = { managers: ['kubectl'], fields: ['.spec.replicas'] };
    const taken = describeConflict(c, false);
    expect(taken.outOfBand).toBe(true);
    expect(taken.message).toBe('Takes `.spec.replicas` back from kubectl');
    const strict = describeConflict(c, true);
    expect(strict.message).toMatch(/^Conflict: `.spec.replicas` is owned by kubectl/);
  });
  it('stops at a controller, naming it and giving the advice', () => {
    const d = describeConflict({ managers: ['kube-controller-manager'], fields: ['.spec.replicas'] }, false);
    expect(d.outOfBand).toBe(false);
    expect(d.message).toContain('kube-controller-manager');
    expect(d.advice).toMatch(/Remove the field from git, or ignore it/);
  });
  it('treats a mix of a person and a controller as a controller', () => {
    expect(
      describeConflict({ managers: ['kubectl', 'kustomize-controller'], fields: [] }, false).outOfBand,
    ).toBe(false);
  });
});
