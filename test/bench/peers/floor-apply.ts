import type { KubeConnection } from '../kube-connection';
import { kinds, objectPath } from '../manifest-kinds';
import { renderResource, type BenchResource } from '../render-resource';

export interface FloorResult {
  ms: number;
  requests: number;
}

/**
 * The fastest the API server allows: the same server-side apply requests a sync sends, from a
 * client with no logic at all (bodies rendered in advance, no discovery, no ordering beyond the
 * CRD first, no parsing of the answers), `concurrency` requests in flight.
 */
export async function floorApply(
  conn: KubeConnection,
  resources: readonly BenchResource[],
  namespace: string,
  concurrency: number,
): Promise<FloorResult> {
  const requests = resources.map((r) => ({
    path: `${objectPath(kinds[r.kindName], namespace, r.name)}?fieldManager=bench-floor&force=true`,
    body: renderResource(r),
  }));
  const send = async (req: (typeof requests)[number]) => {
    const reply = await conn.request('PATCH', req.path, req.body, 'application/apply-patch+yaml');
    if (reply.status >= 300)
      throw new Error(`floor apply ${req.path}: ${reply.status} ${reply.text.slice(0, 300)}`);
  };
  const started = performance.now();
  // Custom resources need their definition first, as in any real sync.
  const [first, ...rest] = requests;
  if (first) await send(first);
  let next = 0;
  const worker = async () => {
    while (next < rest.length) await send(rest[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { ms: performance.now() - started, requests: requests.length };
}
