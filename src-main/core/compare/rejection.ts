import type { SourceRef } from '../../../src-shared/model';

export interface DryRunError {
  code: string;
  message: string;
}

/**
 * Whether a failed dry run is the server saying no to the manifest itself (invalid, too large, a
 * typed-patch error), as opposed to a state of the cluster that may change (a namespace not there
 * yet, a permission, a timeout).
 */
export function isRejection(err: DryRunError): boolean {
  if (err.code === 'invalid') return true;
  return err.code === 'kube' && /\b(500|413)\b|typed patch|too large/i.test(err.message);
}

function stemsFromManifest(err: DryRunError): boolean {
  return (
    err.code === 'kube' && /typed patch|\b413\b|too large|field not declared|unknown field/i.test(err.message)
  );
}

/**
 * The one text shown for a rejected object, in the state, the tree and the plan alike. A 500 that
 * the manifest caused ("failed to create typed patch") points back at the manifest.
 */
export function rejectionText(c: { dryRunError?: DryRunError; source?: SourceRef }): string {
  const err = c.dryRunError;
  if (!err) return '';
  if (!isRejection(err)) return err.message;
  const where = c.source ? `${c.source.file}:${c.source.startLine}` : 'the manifest';
  const hint = stemsFromManifest(err) ? ` Fix the manifest at ${where} and commit again.` : '';
  return `The server rejects it: ${err.message}${hint}`;
}
