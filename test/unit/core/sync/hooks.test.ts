import { describe, expect, it } from 'vitest';
import { hookName, hookOutcome, hookRole, isHookObject } from '../../../../src-main/core/sync/hooks';

const withAnnotations = (annotations: Record<string, string>, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', ...metadata, annotations },
});

describe('hookRole', () => {
  it('leaves an object without hook annotations an ordinary resource', () => {
    expect(hookRole(withAnnotations({}))).toBeUndefined();
    expect(hookRole({ metadata: { name: 'x' } })).toBeUndefined();
  });

  it("reads Argo CD's comma-separated phases, in run order, with the default delete policy", () => {
    expect(hookRole(withAnnotations({ 'argocd.argoproj.io/hook': 'PreSync' }))).toEqual({
      type: 'hook',
      phases: ['PreSync'],
      deletePolicies: ['BeforeHookCreation'],
    });
    expect(
      hookRole(withAnnotations({ 'argocd.argoproj.io/hook': ' PostSync , PreSync,Sync' })),
    ).toMatchObject({
      phases: ['PreSync', 'Sync', 'PostSync'],
    });
    expect(hookRole(withAnnotations({ 'argocd.argoproj.io/hook': 'SyncFail' }))).toMatchObject({
      phases: ['SyncFail'],
    });
  });

  it('marks Skip as never applied', () => {
    expect(hookRole(withAnnotations({ 'argocd.argoproj.io/hook': 'Skip' }))).toMatchObject({ type: 'skip' });
  });

  it('maps Helm hooks as Argo CD does', () => {
    const helm = (hook: string) => hookRole(withAnnotations({ 'helm.sh/hook': hook }));
    expect(helm('pre-install')).toMatchObject({ type: 'hook', phases: ['PreSync'] });
    expect(helm('pre-install,pre-upgrade')).toMatchObject({ type: 'hook', phases: ['PreSync'] });
    expect(helm('post-upgrade')).toMatchObject({ type: 'hook', phases: ['PostSync'] });
    expect(helm('pre-install,post-install')).toMatchObject({ phases: ['PreSync', 'PostSync'] });
    expect(helm('crd-install')).toBeUndefined();
    for (const never of [
      'test',
      'test-success',
      'test-failure',
      'pre-delete',
      'post-delete',
      'pre-rollback',
      'post-rollback',
    ])
      expect(helm(never)).toMatchObject({ type: 'skip' });
  });

  it("lets Argo CD's annotation win over Helm's", () => {
    const body = withAnnotations({ 'argocd.argoproj.io/hook': 'PostSync', 'helm.sh/hook': 'test' });
    expect(hookRole(body)).toMatchObject({ type: 'hook', phases: ['PostSync'] });
  });

  it('reads delete policies in both spellings', () => {
    const argo = withAnnotations({
      'argocd.argoproj.io/hook': 'PreSync',
      'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded,HookFailed',
    });
    expect(hookRole(argo)).toMatchObject({ deletePolicies: ['HookSucceeded', 'HookFailed'] });
    const helm = withAnnotations({
      'helm.sh/hook': 'pre-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
    expect(hookRole(helm)).toMatchObject({ deletePolicies: ['BeforeHookCreation', 'HookSucceeded'] });
  });

  it('finds live hook objects (never extraneous)', () => {
    expect(isHookObject(withAnnotations({ 'argocd.argoproj.io/hook': 'PreSync' }))).toBe(true);
    expect(isHookObject(withAnnotations({ 'helm.sh/hook': 'test' }))).toBe(true);
    expect(isHookObject(withAnnotations({ 'helm.sh/hook': 'crd-install' }))).toBe(false);
    expect(isHookObject(withAnnotations({}))).toBe(false);
  });
});

describe('hookOutcome', () => {
  const job = (conditions: unknown[]) => ({ status: { conditions } });
  const running = { status: 'Progressing' };
  it('follows Job conditions', () => {
    expect(hookOutcome('Job', job([]), running)).toEqual({ state: 'running' });
    expect(hookOutcome('Job', job([{ type: 'Complete', status: 'True' }]), running)).toEqual({
      state: 'succeeded',
    });
    expect(
      hookOutcome(
        'Job',
        job([{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'late' }]),
        running,
      ),
    ).toEqual({ state: 'failed', reason: 'DeadlineExceeded: late' });
    expect(hookOutcome('Job', job([{ type: 'Failed', status: 'False' }]), running)).toEqual({
      state: 'running',
    });
  });
  it('follows the Pod phase, not its readiness', () => {
    expect(hookOutcome('Pod', { status: { phase: 'Running' } }, { status: 'Healthy' })).toEqual({
      state: 'running',
    });
    expect(hookOutcome('Pod', { status: { phase: 'Succeeded' } }, running)).toEqual({ state: 'succeeded' });
    expect(hookOutcome('Pod', { status: { phase: 'Failed', message: 'OOM' } }, running)).toEqual({
      state: 'failed',
      reason: 'OOM',
    });
  });
  it('takes health for other kinds', () => {
    expect(hookOutcome('ConfigMap', {}, { status: 'Healthy' })).toEqual({ state: 'succeeded' });
    expect(hookOutcome('Deployment', {}, { status: 'Degraded', reason: 'x' })).toEqual({
      state: 'failed',
      reason: 'x',
    });
  });
});

describe('hookName', () => {
  it('uses generateName when there is no name', () => {
    expect(hookName({ metadata: { name: 'a' } })).toEqual({ name: 'a', generated: false });
    expect(hookName({ metadata: { generateName: 'a-' } })).toEqual({ name: 'a-', generated: true });
  });
});
