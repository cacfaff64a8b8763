import type { ApiError } from '../../src-shared/errors';

// What to do next, per error code: the message says what went wrong, the hint says how to fix it.
const hints: Partial<Record<ApiError['code'], string>> = {
  unsupported: 'This part of GitOps Desktop is not available in this build yet.',
  unreachable: 'Check that the cluster is running and the kubeconfig context points at it, then Refresh.',
  unauthorized:
    'Your kubeconfig credentials were rejected; log in again (e.g. refresh the token) and Refresh.',
  forbidden: 'Your user lacks permission for this; ask a cluster admin or pick another context or namespace.',
  tls: 'The cluster certificate is not trusted; check the kubeconfig certificate authority.',
  timeout: 'The cluster did not answer in time; try again.',
  'not-a-repository': 'Pick the folder of a git repository, or initialise one there.',
  'identity-required': 'Set your commit name and email in the app settings.',
  'dirty-worktree': 'Commit or discard your edits first.',
  conflict: 'Another field manager owns these fields; sync with “Force conflicts” to take them over.',
  yaml: 'Fix the YAML at the reported line and save.',
  busy: 'Another operation is running for this app; wait for it to finish.',
  'outside-repository': 'Only files inside the app repository can be opened.',
  'pull-mode': 'Use Push & reconcile, or suspend the engine for this app first.',
};

export function ErrorMessage({ error, inline }: { error: ApiError | null | undefined; inline?: boolean }) {
  if (!error) return null;
  const hint = hints[error.code];
  return (
    <div role="alert" className={`error-message ${inline ? 'error-inline' : ''}`}>
      <strong>{error.message}</strong>
      {hint && <span className="error-hint"> {hint}</span>}
    </div>
  );
}
