import type {
  ManifestProblem,
  PlanAction,
  PlanConflict,
  PlanRecreate,
  PrunePolicy,
  ResourceKey,
  SyncOptions,
  SyncPlanItem,
} from '../../../src-shared/model';
import { resourceId } from '../../../src-shared/resource-id';
import { replacedGeneration } from '../manifests/render-rules';
import type { ComparedResource, ExtraneousResource } from '../compare/app-comparer';
import { rejectionText } from '../compare/rejection';
import { effectiveWaves, sortForApply, sortForPrune, syncWave, type Orderable } from './sync-order';
import { prunePolicy } from './prune-guard';
import { pruneDisabled, syncOptionsAnnotation } from './sync-options';
import { immutableFields, isImmutableRejection, recreateAllowed } from './immutable';
import { hookItems, hooksOf, markNeededByPreSync, type DesiredHook, type PlannedHook } from './hook-plan';

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
  /** The wave it runs in (a Namespace or CRD may be pulled forward) and why it moved. */
  effectiveWave?: number;
  movedReason?: string;
  /** Apply with force for this resource only (taking fields back from a person's edit, or taken over). */
  force?: boolean;
  conflict?: PlanConflict;
  /** Another owner of the live object (a Flux Kustomization, another app). */
  managedBy?: string;
  /** An immutable field changes: the object may be (or, when `chosen`, is) deleted and created again. */
  recreate?: PlanRecreate;
  /** A hook: created (not applied) in its phase, waited for until complete, never pruned. */
  hook?: PlannedHook;
  /** A Namespace or CRD a PreSync hook needs: applied before the hooks run. */
  beforeHooks?: boolean;
}

export interface PlanInput {
  compared: ComparedResource[];
  extraneous: ExtraneousResource[];
  options: SyncOptions;
  /** Set when the app's namespace is absent from both cluster and manifests. */
  createNamespace?: string;
  /** The revision's manifest problems: while there are any, nothing is pruned. */
  problems?: ManifestProblem[];
  /** The app's name: what a large prune asks to be typed. */
  appName?: string;
  /** Hooks and objects a sync never applies (see hook-plan.ts). */
  hooks?: DesiredHook[];
}

export interface Plan {
  items: PlannedItem[];
  prune: PrunePolicy;
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
): Pick<PlannedItem, 'action' | 'message' | 'apply' | 'recreate'> {
  if (c.resolveError) return { action: 'error', message: c.resolveError, apply: false };
  if (!c.info)
    return {
      action: 'create',
      message: 'Checked by the server once its CustomResourceDefinition is applied',
      apply: true,
    };
  if (c.live && isImmutableRejection(c.dryRunError)) return recreateVerdict(c, options);
  if (c.dryRunError) {
    // A namespaced object's dry run fails while its namespace does not exist yet; that is expected.
    if (!c.live && c.dryRunError.code === 'not-found' && newNamespaces.has(c.key.namespace)) {
      return { action: 'create', message: `Namespace ${c.key.namespace} is created first`, apply: true };
    }
    return { action: 'error', message: rejectionText(c), apply: true };
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
 * An update that changes an immutable field cannot be applied in place. Deleting and creating the
 * object applies it, so that is offered, and done when the user chose it for this sync or the
 * manifest allows it (Argo CD's `Force=true,Replace=true`).
 */
function recreateVerdict(
  c: ComparedResource,
  options: SyncOptions,
): Pick<PlannedItem, 'action' | 'message' | 'apply' | 'recreate'> {
  const fields = immutableFields(c.dryRunError!.message);
  const named = fields.length > 0 ? fields.map((f) => `\`${f}\``).join(', ') : 'an immutable field';
  const byAnnotation = recreateAllowed(c.body);
  if (byAnnotation || (options.recreate ?? []).includes(c.id)) {
    return {
      action: 'update',
      apply: true,
      message: `Deleted and created again: ${named} cannot change in place${byAnnotation ? ' (its sync-options say Force=true,Replace=true)' : ''}`,
      recreate: { fields, chosen: true, ...(byAnnotation ? { byAnnotation } : {}) },
    };
  }
  return {
    action: 'error',
    apply: true,
    message: `${named} cannot change in place (the server says the field is immutable). Recreate it to apply: it is deleted, then created from git.`,
    recreate: { fields, chosen: false },
  };
}

/**
 * What a sync will do, in the order it will do it: applies by wave and kind, then prunes in reverse.
 * Extraneous objects are only listed when prune is on and allowed: never while the revision has
 * manifest problems (an object of a broken file would look removed).
 */
export function buildPlan(input: PlanInput): PlannedItem[] {
  return planSync(input).items;
}

export function planSync(input: PlanInput): Plan {
  const { options } = input;
  const only = options.resources && options.resources.length > 0 ? new Set(options.resources) : undefined;
  const takeOver = new Set(options.takeOver ?? []);
  const newNamespaces = namespacesCreatedBySync(input);
  const applies: PlannedItem[] = input.compared
    .filter((c) => !only || only.has(c.id))
    .map((c) => ({
      id: c.id,
      key: c.key,
      wave: c.wave,
      resource: c,
      ...(c.defines ? { defines: c.defines } : {}),
      ...(takeOver.has(c.id) ? { force: true } : {}),
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
  // Argo CD runs no hooks in a sync of selected resources.
  const hooks = only
    ? []
    : hookItems(input.hooks ?? [], applies.length ? Math.min(...applies.map((a) => a.wave)) : undefined);
  applies.push(...hooksOf(hooks, 'Sync'));
  for (const [item, eff] of effectiveWaves(applies)) {
    item.effectiveWave = eff.wave;
    if (eff.reason) item.movedReason = eff.reason;
  }
  const preSync = hooksOf(hooks, 'PreSync');
  markNeededByPreSync(applies, preSync);
  const selected = input.extraneous.filter((e) => !only || only.has(e.id));
  const candidates = selected.filter((e) => !pruneDisabled(e.live));
  // Shown in the plan so the user sees why an object gone from git stays.
  const kept: PlannedItem[] = options.prune
    ? selected
        .filter((e) => pruneDisabled(e.live))
        .map((e) => ({
          id: e.id,
          key: e.key,
          wave: syncWave(e.live),
          action: 'unchanged' as const,
          apply: false,
          message: `Not in git any more, kept: it has ${syncOptionsAnnotation}: Prune=false`,
        }))
    : [];
  const prune = prunePolicy({
    prune: options.prune,
    problems: input.problems ?? [],
    candidates: candidates.map((e) => e.key),
    total: input.compared.length + input.extraneous.length,
    appName: input.appName ?? '',
  });
  const prunes: PlannedItem[] =
    options.prune && !prune.blocked
      ? candidates.map((e) => ({
          id: e.id,
          key: e.key,
          wave: syncWave(e.live),
          action: 'prune' as const,
          apply: false,
          prune: e,
          message:
            replacedGeneration(e.key, input.compared) ??
            'Not in git any more: deleted once every apply of the sync succeeded',
        }))
      : [];
  return {
    items: [
      ...sortForApply(applies.filter((a) => a.beforeHooks)),
      ...preSync,
      ...sortForApply(applies.filter((a) => !a.beforeHooks)),
      ...sortForPrune(prunes),
      ...kept,
      ...hooksOf(hooks, 'PostSync'),
      ...hooksOf(hooks, 'SyncFail'),
      ...hooksOf(hooks, 'Skip'),
    ],
    prune,
  };
}

export function toPlanItem(p: PlannedItem): SyncPlanItem {
  return {
    id: p.id,
    key: p.key,
    wave: p.wave,
    action: p.action,
    ...(p.message ? { message: p.message } : {}),
    ...(p.effectiveWave !== undefined && p.effectiveWave !== p.wave
      ? { effectiveWave: p.effectiveWave }
      : {}),
    ...(p.movedReason ? { movedReason: p.movedReason } : {}),
    ...(p.conflict ? { conflict: p.conflict } : {}),
    ...(p.managedBy ? { managedBy: p.managedBy } : {}),
    ...(p.recreate ? { recreate: p.recreate } : {}),
    ...(p.hook ? { hook: p.hook.phase } : {}),
  };
}
