import type { BenchContext } from './bench-context';

/**
 * Waits, untimed, until the control plane is done with earlier scenarios' work: no namespace
 * being deleted and every Deployment caught up. Timings taken meanwhile measure the API server's
 * and the controller manager's backlog rather than the client.
 */
export async function awaitQuietCluster(ctx: BenchContext): Promise<void> {
  await awaitNoTerminatingNamespace(ctx);
  await awaitSettledDeployments(ctx);
}

/**
 * Waits until no namespace is being deleted: earlier scenarios remove namespaces of thousands of
 * objects, and the controller manager's Deployment and ReplicaSet controllers spend their request
 * budget on those deletions, which would slow whatever is measured next. Not timed.
 */
async function awaitNoTerminatingNamespace(ctx: BenchContext): Promise<void> {
  const deadline = performance.now() + 300_000;
  while (performance.now() < deadline) {
    const res = await ctx.conn.request('GET', '/api/v1/namespaces');
    const list = JSON.parse(res.text) as {
      items?: { metadata?: { name?: string }; status?: { phase?: string } }[];
    };
    const terminating = (list.items ?? []).filter((ns) => ns.status?.phase === 'Terminating');
    if (terminating.length === 0) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  ctx.log('namespaces still terminating after 300 s; measuring anyway');
}

/**
 * Waits until the controller manager has caught up with every Deployment in the cluster (observed
 * its generation and updated all replicas), twice in a row. An earlier scenario's
 * Deployments still settling use the same 20-requests-a-second budget, which made the first run
 * of whichever side went first several times slower. Not timed.
 */
async function awaitSettledDeployments(ctx: BenchContext): Promise<void> {
  const deadline = performance.now() + 120_000;
  let settledOnce = false;
  while (performance.now() < deadline) {
    const res = await ctx.conn.request('GET', '/apis/apps/v1/deployments');
    const list = JSON.parse(res.text) as { items?: DeploymentStatus[] };
    const lagging = (list.items ?? []).filter((d) => !settled(d));
    if (lagging.length === 0) {
      if (settledOnce) return;
      settledOnce = true;
    } else settledOnce = false;
    await new Promise((r) => setTimeout(r, 1000));
  }
  ctx.log('Deployments still settling after 120 s; measuring anyway');
}

interface DeploymentStatus {
  metadata?: { generation?: number };
  spec?: { replicas?: number };
  status?: { observedGeneration?: number; updatedReplicas?: number; availableReplicas?: number };
}

function settled(d: DeploymentStatus): boolean {
  // Availability is the node simulator's part; only the controller manager's own work is waited for.
  return (
    (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    (d.status?.updatedReplicas ?? 0) === (d.spec?.replicas ?? 1)
  );
}
