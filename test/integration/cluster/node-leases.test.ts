import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, inject, it } from 'vitest';

const run = promisify(execFile);

// Every test that waits for a Deployment to become Healthy relies on this: without Lease
// heartbeats the node lifecycle controller finds the fake nodes stale once a minute and marks the
// Pods on them not Ready, which KWOK never undoes for a Running Pod.
it('keeps a fresh Lease for every fake node, as a kubelet would', async () => {
  const kubectl = async (...args: string[]) =>
    (await run(inject('kubectl'), ['--kubeconfig', inject('kubeconfig'), ...args])).stdout;
  const nodes = (await kubectl('get', 'nodes', '-l', 'type=kwok', '-o', 'name'))
    .split('\n')
    .filter(Boolean)
    .map((n) => n.replace('node/', ''));
  expect(nodes.length).toBeGreaterThan(0);
  const leases = JSON.parse(await kubectl('get', 'leases', '-n', 'kube-node-lease', '-o', 'json')) as {
    items: { metadata: { name: string }; spec: { renewTime?: string; leaseDurationSeconds?: number } }[];
  };
  for (const node of nodes) {
    const lease = leases.items.find((l) => l.metadata.name === node);
    expect(lease, `Lease of ${node}`).toBeDefined();
    const age = Date.now() - Date.parse(lease!.spec.renewTime ?? '');
    expect(age, `${node}'s Lease renewed ${age} ms ago`).toBeLessThan(
      (lease!.spec.leaseDurationSeconds ?? 40) * 1000,
    );
  }
});
