import { runCommand, type CommandResult } from '../run-command';

export interface Kubectl {
  binary: string;
  kubeconfig: string;
  context: string;
}

function kubectl(k: Kubectl, args: string[], okCodes?: number[]): Promise<CommandResult> {
  return runCommand(
    k.binary,
    ['--kubeconfig', k.kubeconfig, '--context', k.context, ...args],
    okCodes ? { okCodes } : {},
  );
}

/** What a user runs today to apply a folder: `kubectl apply --server-side -f <dir> -R`. */
export function kubectlApply(k: Kubectl, dir: string, namespace: string): Promise<CommandResult> {
  return kubectl(k, ['apply', '--server-side', '--force-conflicts', '-f', dir, '-R', '-n', namespace]);
}

/**
 * What a user runs after an apply to know the app is up: `kubectl rollout status deployment`
 * without a name waits for every Deployment of the namespace, one after the other, and exits 0
 * once all rolled out (non-zero when `timeout` ran out first).
 */
export function kubectlRolloutStatus(
  k: Kubectl,
  namespace: string,
  timeoutMs: number,
): Promise<CommandResult> {
  return kubectl(k, [
    'rollout',
    'status',
    'deployment',
    '-n',
    namespace,
    `--timeout=${Math.ceil(timeoutMs / 1000)}s`,
  ]);
}

/**
 * What a user runs today to see drift: `kubectl diff --server-side -f <dir> -R`. It exits 1 when
 * it found differences, which is the expected outcome here.
 */
export function kubectlDiff(k: Kubectl, dir: string, namespace: string): Promise<CommandResult> {
  return kubectl(k, ['diff', '--server-side', '--force-conflicts', '-f', dir, '-R', '-n', namespace], [0, 1]);
}

/** An outside change, as a teammate would make it. */
export function kubectlPatch(
  k: Kubectl,
  namespace: string,
  target: string,
  patch: string,
): Promise<CommandResult> {
  return kubectl(k, ['patch', '-n', namespace, target, '--type=merge', '-p', patch]);
}

export async function kubectlServerVersion(k: Kubectl): Promise<string> {
  const { stdout } = await kubectl(k, ['version', '-o', 'json']);
  const v = JSON.parse(stdout) as { serverVersion?: { gitVersion?: string } };
  return v.serverVersion?.gitVersion ?? 'unknown';
}
