import type { DryRunError } from '../compare/rejection';
import { objectSyncOptions } from './sync-options';

/** The server refuses an update because it would change a field that is fixed once set. */
export function isImmutableRejection(err: DryRunError | undefined): boolean {
  return err?.code === 'invalid' && /field is immutable/i.test(err.message);
}

/** The fields an immutable-field rejection names: "spec.selector: Invalid value: …: field is immutable". */
export function immutableFields(message: string): string[] {
  const fields = new Set<string>();
  for (const m of message.matchAll(/(?:^|[\s,;[])([a-z][\w.[\]/-]*): Invalid value:/gi)) fields.add(m[1]!);
  return [...fields];
}

/**
 * Argo CD's `argocd.argoproj.io/sync-options: Force=true,Replace=true`: the author allows the object
 * to be deleted and created again when an update cannot be applied in place.
 */
export function recreateAllowed(body: unknown): boolean {
  const options = objectSyncOptions(body);
  return options.get('force') === 'true' && options.get('replace') === 'true';
}
