import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { configMap, createRepo, createSandbox, type Sandbox } from '../support/git-fixtures';
import { adminContext, deployment, uniqueSuffix } from '../support/kube-fixtures';
import { startWebApp, type WebApp } from '../support/web-harness';
import { kubectl, syncFromToolbar, waitForAllResources, waitUntil } from './ui-helpers';

// Environments and rebuild, through the page: deploy an app to a second namespace, see both side
// by side, then lose the first namespace and bring it back from git with one Sync.
const kinds = ['ConfigMap', 'Deployment'];
const suffix = uniqueSuffix();
const first = `env-a-${suffix}`;
const second = `env-b-${suffix}`;

let web: WebApp;
let page: Page;
let sandbox: Sandbox;
const kubeconfig = inject('kubeconfig');
const kubectlPath = inject('kubectl');

/** Manifests without a namespace: each environment's app puts them in its own. */
const files: Record<string, string> = {
  'config.yaml': configMap('settings', { colour: 'blue' }),
  'web.yaml': deployment('web', 'placeholder', 1).replace('  namespace: placeholder\n', ''),
};

beforeAll(async () => {
  sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
  web = await startWebApp({ kubeconfig, env: sandbox.env });
  page = web.page;
  const repo = await createRepo(
    sandbox,
    'environments',
    Object.fromEntries(Object.entries(files).map(([p, c]) => [`shop/${p}`, c])),
  );
  const dispatch = createDispatcher(web.core.handlers);
  const added = await dispatch('apps.add', {
    name: `shop-${suffix}`,
    repoPath: repo,
    appPath: 'shop',
    context: adminContext,
    namespace: first,
  });
  expect(added.ok).toBe(true);
  await page.reload();
});

afterAll(async () => {
  await web?.close();
  for (const ns of [first, second])
    await kubectl(
      kubectlPath,
      kubeconfig,
      'delete',
      'namespace',
      ns,
      '--ignore-not-found',
      '--wait=false',
    ).catch(() => '');
  await sandbox?.cleanup();
});

async function syncHere(): Promise<void> {
  await syncFromToolbar(page);
}

it('deploys to another namespace, shows both environments, and rebuilds a lost namespace with one Sync', async () => {
  const apps = page.getByRole('navigation', { name: 'Apps' });
  await apps.getByRole('button', { name: new RegExp(`^shop-${suffix}(?!-b)`) }).click();
  await waitForAllResources(page, 'first app Missing', /, OutOfSync, Missing/, kinds);
  await syncHere();
  await waitForAllResources(page, 'first app Synced and Healthy', /, Synced, Healthy/, kinds, 90_000);

  // Deploy to another context / namespace: a sibling app on the same repository and folder.
  await page.getByRole('toolbar', { name: 'App actions' }).getByText('More').click();
  await page.getByRole('button', { name: 'Deploy to another context…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deploy to another context' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(`shop-${suffix}-b`);
  await dialog.getByRole('combobox', { name: 'Namespace' }).fill(second);
  await dialog.getByRole('button', { name: 'Create environment' }).click();
  await dialog.waitFor({ state: 'detached' });

  const view = page.getByRole('region', { name: 'Environments' });
  await waitUntil('both environments listed', async () => {
    const text = await view.innerText();
    return (
      text.includes(`shop-${suffix}-b`) &&
      text.includes(`${adminContext} / ${second}`) &&
      text.includes(first)
    );
  });
  const rows = view.getByRole('row');
  expect(await rows.count()).toBe(3);

  // The sibling deploys the same folder into its own namespace.
  await view.getByRole('button', { name: `shop-${suffix}-b` }).click();
  await waitForAllResources(page, 'second environment Missing', /, OutOfSync, Missing/, kinds);
  await syncHere();
  await waitForAllResources(page, 'second environment Synced', /, Synced, Healthy/, kinds, 90_000);
  expect(await kubectl(kubectlPath, kubeconfig, 'get', 'deploy', 'web', '-n', second, '-o', 'name')).toBe(
    'deployment.apps/web',
  );
  await apps.getByRole('button', { name: new RegExp(`^shop-${suffix}(?!-b)`) }).click();

  // Lose the first environment's namespace, then rebuild it from git.
  await kubectl(kubectlPath, kubeconfig, 'delete', 'namespace', first, '--wait=true', '--timeout=90s');
  await waitForAllResources(
    page,
    'everything Missing after the namespace was deleted',
    /, OutOfSync, Missing/,
    kinds,
    60_000,
  );
  await syncHere();
  await waitForAllResources(page, 'rebuilt: Synced and Healthy', /, Synced, Healthy/, kinds, 120_000);
  expect(
    await kubectl(
      kubectlPath,
      kubeconfig,
      'get',
      'configmap',
      'settings',
      '-n',
      first,
      '-o',
      'jsonpath={.data.colour}',
    ),
  ).toBe('blue');
});
