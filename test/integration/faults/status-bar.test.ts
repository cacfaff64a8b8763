import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../support/git-fixtures';
import { startWebApp, type WebApp } from '../../support/web-harness';
import { startOwnCluster, type OwnCluster } from './own-cluster';

/** The status bar in the browser, while kube-apiserver dies and comes back elsewhere. */
describe('status bar during an apiserver outage', () => {
  let cluster: OwnCluster;
  let sandbox: Sandbox;
  let web: WebApp;
  let clusterStatus: Locator;

  beforeAll(async () => {
    cluster = await startOwnCluster('fault-cluster-status-bar');
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    web = await startWebApp({ kubeconfig: cluster.kubeconfig, env: sandbox.env });
    // The sample app asks for its context and namespace first; the defaults are this cluster's.
    await web.page.getByRole('button', { name: 'Try the sample app' }).click();
    const sample = web.page.getByRole('dialog', { name: 'Try the sample app' });
    await sample.getByRole('button', { name: 'Create sample app' }).click();
    await sample.waitFor({ state: 'detached', timeout: 30_000 });
    clusterStatus = web.page.getByRole('status', { name: 'Status' }).getByText(/gitops-desktop-test:/);
    await clusterStatus.filter({ hasText: 'connected' }).waitFor({ timeout: 30_000 });
  }, 240_000);

  afterAll(async () => {
    await web?.close();
    await cluster?.down();
    await sandbox?.cleanup();
  }, 60_000);

  it('stops saying "connected" when the apiserver is killed, without waiting for its 30 s re-check', async () => {
    const pid = await cluster.pid('kube-apiserver');
    const started = performance.now();
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => clusterStatus.textContent(), { timeout: 10_000 }).toContain('unreachable');
    console.log(`status bar "unreachable" ${(performance.now() - started).toFixed(0)} ms after the kill`);
    expect(await clusterStatus.getAttribute('title')).toMatch(/Cannot reach the API server/);
  });

  it('says "connected" again once the server is back on a new port (kubeconfig rewritten)', async () => {
    await cluster.launcher('apiserver', 'restart', '--new-port');
    const started = performance.now();
    await expect
      .poll(() => clusterStatus.textContent(), { timeout: 15_000 })
      .toMatch(/gitops-desktop-test: connected/);
    console.log(
      `status bar "connected" ${(performance.now() - started).toFixed(0)} ms after the kubeconfig moved`,
    );
  });
});
