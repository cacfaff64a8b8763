import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';

const pollMs = 250;

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Waits until a deleted object is gone (finalizers and dependents done), since an object still
 * being deleted cannot be created again. Throws `timeoutText` once `timeoutMs` passed.
 */
export async function waitUntilGone(
  conn: ClusterConnection,
  info: ApiResource,
  namespace: string,
  name: string,
  signal: AbortSignal,
  timeoutMs: number,
  timeoutText: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!signal.aborted) {
    if (!(await conn.client.get(info, namespace, name, signal))) return;
    if (Date.now() > deadline) throw new Error(timeoutText);
    await sleep(pollMs, signal);
  }
}
