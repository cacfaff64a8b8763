import type { PlanAction, ResourceKey, SyncOptions, SyncPlanItem } from '../../../src-shared/model';
import { resourceId } from '../../../src-shared/resource-id';
import type { ComparedResource, ExtraneousResource } from '../compare/app-comparer';
import { sortForApply, sortForPrune, type Orderable } from './sync-order';

export interface PlannedItem extends Orderable {
  id: string;
  action: PlanAction;
  message?: string;
  /** Whether a sync sends it to the server (out of sync, applyAll, or the server must decide). */
  apply: boolean;
  resource?: ComparedResource;
  prune?: ExtraneousResource;
  /** The app's namespace, created because it is missing and no manifest defines it. */
  autoNamespace?: boolean;
  /** Another owner of the live object (a Flux Kustomization, another app). */
  managedBy?: string;
}

export interface PlanInput {
  compared: ComparedResource[];
  extraneous: ExtraneousResource[];
  options: SyncOptions;
  /** Set when the app's namespace is absent from both cluster and manifests. */
  createNamespace?: string;
}

function namespacesCreatedBySync(input: PlanInput): Set<string> {
  const out = new Set<string>(input.createNamespace ? [input.createNamespace] : []);
  for (const c of input.compared) {
    if (c.key.group === '' && c.key.kind === 'Namespace' && !c.live) out.add(c.key.name);
  }
  return out;
}

function classify(
  c: ComparedResource,
  options: SyncOptions,
  newNamespaces: Set<string>,
): Pick<PlannedItem, 'action' | 'message' | 'apply'> {
  if (c.resolveError) return { action: 'error', message: c.resolveError, apply: false };
  if (!c.info)
    return {
      action: 'create',
      message: 'Checked by the server once its CustomResourceDefinition is applied',
      apply: true,
    };
  if (c.dryRunError) {
    // A namespaced object's dry run fails while its namespace does not exist yet; that is expected.
    if (!c.live && c.dryRunError.code === 'not-found' && newNamespaces.has(c.key.namespace)) {
      return { action: 'create', message: `Namespace ${c.key.namespace} is created first`, apply: true };
    }
    return { action: 'error', message: c.dryRunError.message, apply: true };
  }
  if (c.liveError) return { action: 'error', message: c.liveError, apply: true };
  switch (c.sync) {
    case 'Missing':
      return { action: 'create', apply: true };
    case 'OutOfSync':
      return { action: 'update', ...(c.syncReason ? { message: c.syncReason } : {}), apply: true };
    case 'Synced':
      return { action: 'unchanged', apply: options.applyAll };
    default:
      return { action: 'error', message: c.syncReason ?? 'State unknown', apply: true };
  }
}

/**
 * What a sync will do, in the order it will do it: applies by wave and kind, then prunes in reverse.
 * Extraneous objects are only listed when prune is on.
 */
export function buildPlan(input: PlanInput): PlannedItem[] {
  const { options } = input;
  const only = options.resources && options.resources.length > 0 ? new Set(options.resources) : undefined;
  const newNamespaces = namespacesCreatedBySync(input);
  const applies: PlannedItem[] = input.compared
    .filter((c) => !only || only.has(c.id))
    .map((c) => ({
      id: c.id,
      key: c.key,
      wave: c.wave,
      resource: c,
      ...(c.defines ? { defines: c.defines } : {}),
      ...classify(c, options, newNamespaces),
    }));
  if (input.createNamespace) {
    const key: ResourceKey = { group: '', kind: 'Namespace', namespace: '', name: input.createNamespace };
    const minWave = Math.min(0, ...applies.map((a) => a.wave));
    applies.push({
      id: resourceId(key),
      key,
      wave: minWave,
      action: 'create',
      message: `The app's namespace does not exist and no manifest defines it: it is created (not tracked, never pruned)`,
      apply: true,
      autoNamespace: true,
    });
  }
  const prunes: PlannedItem[] = options.prune
    ? input.extraneous
        .filter((e) => !only || only.has(e.id))
        .map((e) => ({
          id: e.id,
          key: e.key,
          wave: 0,
          action: 'prune' as const,
          apply: false,
          prune: e,
          message: 'Not in git any more: deleted',
        }))
    : [];
  return [...sortForApply(applies), ...sortForPrune(prunes)];
}

export function toPlanItem(p: PlannedItem): SyncPlanItem {
  return {
    id: p.id,
    key: p.key,
    wave: p.wave,
    action: p.action,
    ...(p.message ? { message: p.message } : {}),
    ...(p.managedBy ? { managedBy: p.managedBy } : {}),
  };
}
