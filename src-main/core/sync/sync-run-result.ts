import { ApiFailure } from '../../../src-shared/errors';
import type { SyncItemResult, SyncRun } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { isRejection, rejectionText } from '../compare/rejection';
import { isSecret, scrub, secretValues } from '../compare/secret-mask';
import type { PlannedItem } from './sync-planner';

function messageOf(err: unknown, item: PlannedItem): string {
  const message = err instanceof Error ? err.message : String(err);
  // Server messages may echo what was sent; for a Secret that would be its values.
  const body = item.resource?.body;
  return body && isSecret(item.key.group, item.key.kind) ? scrub(message, secretValues(body)) : message;
}

/** The server's "no" in the same words as the state and the plan; 500s from the manifest point at it. */
export function failureText(err: unknown, item: PlannedItem): string {
  const message = messageOf(err, item);
  if (!(err instanceof ApiFailure)) return message;
  const dryRunError = { code: err.code, message };
  if (!isRejection(dryRunError)) return message;
  return rejectionText({ dryRunError, ...(item.resource ? { source: item.resource.source } : {}) });
}

/** A plan item's line in a run: its wave, source file and phase. */
export function itemResult(
  item: PlannedItem,
  phase: SyncItemResult['phase'],
  message?: string,
): SyncItemResult {
  const file = item.resource?.source.file;
  return {
    id: item.id,
    key: item.key,
    action: item.action,
    phase,
    wave: item.effectiveWave ?? item.wave,
    ...(file !== undefined ? { file } : {}),
    ...(message ? { message } : {}),
    ...(item.hook && item.hook.phase !== 'Skip' ? { hook: item.hook.phase } : {}),
  };
}

export interface RunEnd {
  aborted: boolean;
  /** Why later waves (or everything after a PreSync hook) were not applied. */
  stopReason?: string | undefined;
  /** Why a hook phase failed: the run's message, not a count of failed items. */
  hookFailure?: string | undefined;
}

/** The finished run: its phase and the one-line message the history shows. */
export function finishedRun(run: SyncRun, items: SyncItemResult[], end: RunEnd): SyncRun {
  const { aborted, stopReason } = end;
  const failed = items.filter((i) => i.phase === 'failed');
  const deleted = items.filter((i) => i.phase === 'pruned').map((i) => ({ id: i.id, key: i.key }));
  const applied = items.filter((i) => i.phase === 'applied' || i.phase === 'healthy').length;
  const phase = aborted ? 'Cancelled' : failed.length > 0 || stopReason ? 'Failed' : 'Succeeded';
  const deletedText = deleted.length
    ? `; deleted ${deleted.length}: ${deleted
        .slice(0, 5)
        .map((d) => describeKey(d.key))
        .join(', ')}${deleted.length > 5 ? ', …' : ''}`
    : '';
  const message = aborted
    ? 'Cancelled before the next resource'
    : failed.length > 0
      ? (end.hookFailure ?? `${failed.length} of ${items.length} resources failed${deletedText}`)
      : (stopReason ?? `${applied} applied${deletedText}`);
  return {
    ...run,
    items,
    phase,
    message,
    ...(deleted.length ? { deleted } : {}),
    finishedAt: new Date().toISOString(),
  };
}
