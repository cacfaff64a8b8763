import type { HookPhase } from '../../../src-shared/model';
import { records, str, stringMap } from '../cluster/kube-object';

export const hookAnnotation = 'argocd.argoproj.io/hook';
export const hookDeletePolicyAnnotation = 'argocd.argoproj.io/hook-delete-policy';
export const helmHookAnnotation = 'helm.sh/hook';
export const helmHookDeletePolicyAnnotation = 'helm.sh/hook-delete-policy';

export type HookDeletePolicy = 'BeforeHookCreation' | 'HookSucceeded' | 'HookFailed';

/** A resource that runs as a hook of one or more phases instead of being applied as desired state. */
export interface HookSpec {
  type: 'hook';
  phases: HookPhase[];
  deletePolicies: HookDeletePolicy[];
}

/** A resource a sync never applies: `hook: Skip`, or a Helm hook Argo CD does not run (tests, delete). */
export interface SkippedSpec {
  type: 'skip';
  reason: string;
}

export type HookRole = HookSpec | SkippedSpec;

const argoPhases: Record<string, HookPhase | 'Skip'> = {
  presync: 'PreSync',
  sync: 'Sync',
  postsync: 'PostSync',
  syncfail: 'SyncFail',
  skip: 'Skip',
};

const helmPhases: Record<string, HookPhase | 'ordinary'> = {
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
  'crd-install': 'ordinary',
};

const deletePolicies: Record<string, HookDeletePolicy> = {
  beforehookcreation: 'BeforeHookCreation',
  'before-hook-creation': 'BeforeHookCreation',
  hooksucceeded: 'HookSucceeded',
  'hook-succeeded': 'HookSucceeded',
  hookfailed: 'HookFailed',
  'hook-failed': 'HookFailed',
};

const phaseOrder: HookPhase[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function unique<T>(items: T[], order: T[]): T[] {
  return order.filter((o) => items.includes(o));
}

/** Without a policy Argo CD deletes the previous hook before creating the next one. */
function deletePoliciesOf(annotations: Record<string, string>, fromHelm: boolean): HookDeletePolicy[] {
  const raw = fromHelm
    ? (annotations[helmHookDeletePolicyAnnotation] ?? annotations[hookDeletePolicyAnnotation])
    : (annotations[hookDeletePolicyAnnotation] ?? annotations[helmHookDeletePolicyAnnotation]);
  const found = list(raw ?? '')
    .map((p) => deletePolicies[p.toLowerCase()])
    .filter((p): p is HookDeletePolicy => p !== undefined);
  const all: HookDeletePolicy[] = ['BeforeHookCreation', 'HookSucceeded', 'HookFailed'];
  return found.length > 0 ? unique(found, all) : ['BeforeHookCreation'];
}

function argoRole(raw: string, annotations: Record<string, string>): HookRole | undefined {
  const names = list(raw);
  const phases = names.map((n) => argoPhases[n.toLowerCase()]);
  if (phases.includes('Skip')) return { type: 'skip', reason: 'Marked Skip: never applied by a sync' };
  const known = phases.filter((p): p is HookPhase => p !== undefined);
  // Unknown names alone leave the object an ordinary resource, as Argo CD does.
  if (known.length === 0) return undefined;
  return {
    type: 'hook',
    phases: unique(known, phaseOrder),
    deletePolicies: deletePoliciesOf(annotations, false),
  };
}

function helmRole(raw: string, annotations: Record<string, string>): HookRole | undefined {
  const names = list(raw).map((n) => n.toLowerCase());
  const mapped = names.map((n) => helmPhases[n]);
  if (mapped.length > 0 && mapped.every((m) => m === 'ordinary')) return undefined;
  const phases = mapped.filter((m): m is HookPhase => m !== undefined && m !== 'ordinary');
  if (phases.length === 0) {
    return { type: 'skip', reason: `Helm hook ${names.join(', ')}: never applied by a sync` };
  }
  return {
    type: 'hook',
    phases: unique(phases, phaseOrder),
    deletePolicies: deletePoliciesOf(annotations, true),
  };
}

/**
 * What a manifest is to a sync, from its annotations: a hook (with its phases and delete policies),
 * an object never applied, or an ordinary resource (undefined). Argo CD's annotation wins over
 * Helm's; Helm hooks map as Argo CD maps them (crd-install is an ordinary resource).
 */
export function hookRole(body: unknown): HookRole | undefined {
  const annotations = stringMap(body, 'metadata.annotations');
  const argo = annotations[hookAnnotation];
  if (argo !== undefined) return argoRole(argo, annotations);
  const helm = annotations[helmHookAnnotation];
  if (helm !== undefined) return helmRole(helm, annotations);
  return undefined;
}

/** A live object that is (or was created as) a hook: never extraneous, never pruned. */
export function isHookObject(live: unknown): boolean {
  return hookRole(live) !== undefined;
}

export type HookOutcome = { state: 'running' } | { state: 'succeeded' } | { state: 'failed'; reason: string };

function conditionTrue(obj: unknown, type: string): Record<string, unknown> | undefined {
  return records(obj, 'status.conditions').find((c) => c.type === type && c.status === 'True');
}

/**
 * Whether a hook has finished: a Job when Complete or Failed, a Pod when Succeeded or Failed,
 * any other kind once its health says so (`healthy` / `degraded` from the health rules).
 */
export function hookOutcome(
  kind: string,
  live: unknown,
  health: { status: string; reason?: string },
): HookOutcome {
  if (kind === 'Job') {
    if (conditionTrue(live, 'Complete')) return { state: 'succeeded' };
    const failed = conditionTrue(live, 'Failed');
    if (failed) {
      const reason = [failed.reason, failed.message].filter((s) => typeof s === 'string' && s).join(': ');
      return { state: 'failed', reason: reason || 'Job failed' };
    }
    return { state: 'running' };
  }
  if (kind === 'Pod') {
    const phase = str(live, 'status.phase');
    if (phase === 'Succeeded') return { state: 'succeeded' };
    if (phase === 'Failed') return { state: 'failed', reason: str(live, 'status.message') ?? 'Pod failed' };
    return { state: 'running' };
  }
  if (health.status === 'Healthy') return { state: 'succeeded' };
  if (health.status === 'Degraded') return { state: 'failed', reason: health.reason ?? 'Degraded' };
  return { state: 'running' };
}

/** The name a hook is created under: its name, or its `generateName` prefix when it has none. */
export function hookName(body: unknown): { name: string; generated: boolean } {
  const name = str(body, 'metadata.name');
  if (name) return { name, generated: false };
  return { name: str(body, 'metadata.generateName') ?? '', generated: true };
}
