import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRepo, createSandbox, type Sandbox } from '../support/git-fixtures';
import { deployment, namespaceYaml, uniqueSuffix } from '../support/kube-fixtures';
import { startWebApp, type WebApp } from '../support/web-harness';
import { kubectl, resourceItem, waitForResource, waitUntil } from './ui-helpers';

// "Ignore this field" under a diff, then the rule removed again in the app settings, driven through
// the page by role and name against the real core and the real control plane.
describe('ignore rules in the browser', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;
  const kubeconfig = inject('kubeconfig');
  const kubectlPath = inject('kubectl');
  const ns = `e2e-ignore-${uniqueSuffix()}`;
  const name = `ignore-${ns}`;

  beforeAll(async () => {
    sandbox = await createSandbox();
    web = await startWebApp({ kubeconfig, env: sandbox.env });
    page = web.page;
  });
  afterAll(async () => {
    await web?.close();
    await kubectl(kubectlPath, kubeconfig, 'delete', 'namespace', ns, '--wait=false').catch(() => '');
    await sandbox?.cleanup();
  });

  const rulesOf = async (appId: string) =>
    (await web.core.handlers['apps.list']({})).apps.find((a) => a.id === appId)?.ignoreDifferences ?? [];

  it('ignores a drifted field from the diff, and removes the rule in the settings', async () => {
    const dir = await createRepo(sandbox, 'ignore-app', {
      'ns.yaml': namespaceYaml(ns),
      'web.yaml': deployment('web', ns, 1),
    });
    const h = web.core.handlers;
    const app = await h['apps.add']({
      name,
      repoPath: dir,
      appPath: '',
      context: 'gitops-desktop-test',
      namespace: ns,
    });
    await h['sync.start']({
      appId: app.id,
      options: { prune: false, force: false, applyAll: false },
      trigger: 'manual',
    });
    await waitUntil(
      'the first sync',
      async () => (await h['state.get']({ appId: app.id, compareWith: 'HEAD' })).sync === 'Synced',
      90_000,
      500,
    );
    await kubectl(kubectlPath, kubeconfig, 'scale', 'deployment', 'web', '-n', ns, '--replicas=3');

    await page
      .getByRole('navigation', { name: 'Apps' })
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .click();
    await waitForResource(
      page,
      'Deployment',
      'web',
      /, OutOfSync,/,
      'the scaled Deployment OutOfSync',
      60_000,
    );
    await resourceItem(page, 'Deployment', 'web').click();
    const ignore = page.getByRole('button', { name: 'Ignore this field: /spec/replicas' });
    await ignore.waitFor({ timeout: 30_000 });
    await ignore.click();
    await waitForResource(page, 'Deployment', 'web', /, Synced,/, 'Synced once replicas are ignored', 60_000);
    expect(await rulesOf(app.id)).toEqual([
      { group: 'apps', kind: 'Deployment', name: 'web', namespace: ns, jsonPointers: ['/spec/replicas'] },
    ]);

    await page.getByRole('button', { name: 'App settings' }).click();
    const dialog = page.getByRole('dialog', { name: `Settings — ${name}` });
    expect(await dialog.getByRole('textbox', { name: 'Ignore rule 1 json pointers' }).inputValue()).toBe(
      '/spec/replicas',
    );
    await dialog.getByRole('button', { name: 'Remove ignore rule 1' }).click();
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    expect(await rulesOf(app.id)).toEqual([]);
    await waitForResource(
      page,
      'Deployment',
      'web',
      /, OutOfSync,/,
      'OutOfSync again without the rule',
      60_000,
    );
    expect(web.pageErrors).toEqual([]);
  });
});
