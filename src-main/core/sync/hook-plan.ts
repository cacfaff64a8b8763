import type { HookPhase } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import type { DesiredResource } from '../compare/app-comparer';
import { hookName, hookRole, type HookDeletePolicy, type HookRole } from './hooks';
import { sortForApply } from './sync-order';
import type { PlannedItem } from './sync-planner';

export interface DesiredHook {
  resource: DesiredResource;
  role: HookRole;
}

/** How a planned hook runs. */
export interface PlannedHook {
  phase: HookPhase | 'Skip';
  deletePolicies: HookDeletePolicy[];
  /** Named by the server (`generateName`): created anew on every sync. */
  generated: boolean;
}

/** The app's desired state, and the hooks (and never-applied objects) that are not part of it. */
export function splitHooks(resolved: DesiredResource[]): {
  desired: DesiredResource[];
  hooks: DesiredHook[];
} {
  const desired: DesiredResource[] = [];
  const hooks: DesiredHook[] = [];
  for (const r of resolved) {
    const role = hookRole(r.body);
    if (role) hooks.push({ resource: r, role });
    else desired.push(r);
  }
  return { desired, hooks };
}

function policyText(hook: PlannedHook): string {
  const parts: string[] = [];
  if (hook.generated) parts.push('named by the server');
  if (hook.deletePolicies.includes('BeforeHookCreation') && !hook.generated)
    parts.push('the previous one is deleted first');
  if (hook.deletePolicies.includes('HookSucceeded')) parts.push('deleted once it succeeds');
  if (hook.deletePolicies.includes('HookFailed')) parts.push('deleted if it fails');
  return parts.length ? `; ${parts.join(', ')}` : '';
}

function phaseText(phase: HookPhase, wave: number, firstWave: number | undefined): string {
  switch (phase) {
    case 'PreSync':
      return `PreSync hook: runs before ${firstWave === undefined ? 'anything else' : `wave ${firstWave}`} and must complete first`;
    case 'Sync':
      return `Sync hook: runs with wave ${wave}`;
    case 'PostSync':
      return 'PostSync hook: runs once everything else is applied and healthy';
    case 'SyncFail':
      return 'SyncFail hook: runs only if the sync fails';
  }
}

/**
 * One plan item per hook and phase it runs in (a "PreSync,PostSync" hook runs twice), plus one
 * per object a sync never applies. Sync hooks are applied with their wave; the others by the runner
 * around the waves.
 */
export function hookItems(hooks: DesiredHook[], firstWave: number | undefined): PlannedItem[] {
  const out: PlannedItem[] = [];
  for (const { resource, role } of hooks) {
    const base = {
      key: resource.key,
      wave: resource.wave,
      resource: { ...resource, sync: 'Missing' as const },
    };
    if (role.type === 'skip') {
      const hook: PlannedHook = { phase: 'Skip', deletePolicies: [], generated: false };
      out.push({ ...base, id: resource.id, action: 'unchanged', apply: false, message: role.reason, hook });
      continue;
    }
    const generated = hookName(resource.body).generated;
    for (const phase of role.phases) {
      const hook: PlannedHook = { phase, deletePolicies: role.deletePolicies, generated };
      out.push({
        ...base,
        id: role.phases.length > 1 ? `${resource.id}#${phase}` : resource.id,
        action: resource.resolveError ? 'error' : 'create',
        apply: phase === 'Sync',
        hook,
        message: resource.resolveError ?? `${phaseText(phase, resource.wave, firstWave)}${policyText(hook)}`,
      });
    }
  }
  return out;
}

/** The hooks of one phase in the order they run: by their own wave, then kind. */
export function hooksOf(items: PlannedItem[], phase: HookPhase | 'Skip'): PlannedItem[] {
  return sortForApply(items.filter((p) => p.hook?.phase === phase));
}

/**
 * Namespaces and CRDs that PreSync hooks need: applied before the hooks run (Argo CD creates the
 * app's namespace before them too), so a migration Job in the app's own namespace can run.
 */
export function markNeededByPreSync(applies: PlannedItem[], preSync: PlannedItem[]): void {
  for (const item of applies) {
    if (item.hook) continue;
    const need = preSync.find((h) =>
      item.key.group === '' && item.key.kind === 'Namespace'
        ? h.key.namespace === item.key.name
        : item.defines !== undefined &&
          item.defines.group === h.key.group &&
          item.defines.kind === h.key.kind,
    );
    if (!need) continue;
    item.beforeHooks = true;
    item.movedReason = `Applied before the PreSync hooks: ${describeKey(need.key)} needs it`;
  }
}
