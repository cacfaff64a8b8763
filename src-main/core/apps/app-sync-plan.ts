import type { PrunePolicy, SyncOptions, SyncPlan } from '../../../src-shared/model';
import { isSecret, scrub, secretValues } from '../compare/secret-mask';
import { guardShared } from '../engines/ownership';
import { rulesFor, stripIgnoredForApply } from '../ignore/ignore-rules';
import { conflictOf, describeConflict } from '../sync/field-managers';
import { planSync, toPlanItem, type PlannedItem } from '../sync/sync-planner';
import { fieldManager, withTracking } from '../sync/tracking';
import type { Evaluation } from './app-evaluator';

/** The plan with the server's verdict per resource; prune candidates get a dry-run delete. */
export async function planWithVerdicts(
  ev: Evaluation,
  options: SyncOptions,
  signal?: AbortSignal,
): Promise<{ plan: SyncPlan; items: PlannedItem[]; prune: PrunePolicy }> {
  const { items, prune } = planSync({
    compared: ev.compared,
    extraneous: ev.extraneous,
    options,
    problems: ev.problems,
    appName: ev.app.name,
    hooks: ev.hooks,
    ...(ev.createNamespace ? { createNamespace: ev.createNamespace } : {}),
  });
  guardShared(items, ev.app.id, options.changeShared === true);
  if (ev.conn) await Promise.all(items.map((p) => verdict(ev, p, options, signal)));
  // Objects kept because their file is broken are listed, so the plan says what it will not delete.
  if (options.prune) {
    for (const g of ev.guarded) {
      items.push({ id: g.id, key: g.key, wave: 0, action: 'unchanged', apply: false, message: g.reason });
    }
  }
  return {
    plan: {
      appId: ev.app.id,
      revision: ev.revision ?? '',
      items: items.map(toPlanItem),
      problems: ev.problems,
      prune,
    },
    items,
    prune,
  };
}

/**
 * The server's answer for what the comparison could not tell: whether an update conflicts with
 * another field manager (the comparison dry run is forced), and whether a prune is allowed.
 * A conflict with a person's edit (kubectl scale/edit) is taken back by this sync; one with a
 * controller stays a stop unless the user takes the resource over.
 */
async function verdict(
  ev: Evaluation,
  p: PlannedItem,
  options: SyncOptions,
  signal?: AbortSignal,
): Promise<void> {
  const conn = ev.conn!;
  try {
    if (signal?.aborted) return;
    if (p.action === 'prune' && p.prune) {
      await conn.client.delete(p.prune.info, p.key.namespace, p.key.name, 'Foreground', true, signal);
    } else if (
      p.apply &&
      !options.force &&
      !p.recreate?.chosen &&
      p.resource?.info &&
      p.resource.live &&
      (p.action === 'update' || p.action === 'unchanged')
    ) {
      const body = stripIgnoredForApply(
        withTracking(p.resource.body, ev.app.id, p.key),
        p.resource.live,
        rulesFor(ev.app.ignoreDifferences, p.key),
      );
      await conn.client.apply(p.resource.info, p.key.namespace, p.key.name, body, {
        dryRun: true,
        fieldManager,
        ...(p.force ? { force: true } : {}),
        ...(signal ? { signal } : {}),
      });
    }
  } catch (err) {
    const conflict = conflictOf(err);
    if (conflict) {
      const c = describeConflict(conflict, options.respectManagers === true);
      p.conflict = { managers: c.managers, fields: c.fields, outOfBand: c.outOfBand, advice: c.advice };
      p.message = c.message;
      if (c.outOfBand && !options.respectManagers) {
        p.force = true;
        if (p.action === 'unchanged') p.action = 'update';
        return;
      }
      p.action = 'error';
      return;
    }
    p.action = 'error';
    p.message = err instanceof Error ? err.message : String(err);
    if (p.resource && isSecret(p.key.group, p.key.kind))
      p.message = scrub(p.message, secretValues(p.resource.body));
  }
}
