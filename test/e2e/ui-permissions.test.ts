import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { configMap, createRepo, createSandbox, type Sandbox } from '../support/git-fixtures';
import { uniqueSuffix } from '../support/kube-fixtures';
import { startWebApp, type WebApp } from '../support/web-harness';
import { waitUntil } from './ui-helpers';

// A context with few rights: the cluster pane says who cannot do what where, the status bar says
// "limited access", and adding an app defaults to the context's own namespace.
const restricted = 'gitops-desktop-restricted';

describe('permissions told plainly', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;
  const ns = `ui-perm-${uniqueSuffix()}`;

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    web = await startWebApp({ kubeconfig: inject('kubeconfig'), env: sandbox.env });
    page = web.page;
  });

  afterAll(async () => {
    await web?.close();
    await sandbox?.cleanup();
  });

  it("add-app follows the chosen context's namespace", async () => {
    const own = (await web.core.handlers['kube.contexts']({})).contexts.find(
      (c) => c.name === restricted,
    )?.namespace;
    expect(own).toBeTruthy();
    await page.getByRole('button', { name: 'Add an app from a folder' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add app' });
    const context = dialog.getByRole('combobox', { name: 'Kubeconfig context' });
    const namespace = dialog.getByRole('combobox', { name: 'Namespace' });
    await waitUntil('a context chosen', async () => (await context.inputValue()) !== '');
    await context.selectOption(restricted);
    await waitUntil(
      'namespace follows the context',
      async () => (await namespace.inputValue()) === own || (await namespace.inputValue()),
    );
    // No native picker in a browser page.
    expect(await dialog.getByRole('button', { name: 'Browse' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('a refused read shows as a banner naming user, verb, resource and namespace, and "limited access"', async () => {
    const repo = await createRepo(sandbox, 'perm', { 'config.yaml': configMap('settings', { a: 'b' }, ns) });
    const app = await web.core.handlers['apps.add']({
      name: 'perm',
      repoPath: repo,
      appPath: '',
      context: restricted,
      namespace: ns,
    });
    await page.evaluate((id) => localStorage.setItem('gitops-desktop.selected-app', id), app.id);
    await page.reload();
    const banner = page.getByRole('alert', { name: 'Limited access' });
    await banner.waitFor({ timeout: 60_000 });
    const text = await banner.innerText();
    expect(text).toMatch(new RegExp(`restricted-user cannot \\w+ configmaps in ${ns}`));
    expect(text).toContain('Use another context or ask an admin');
    await waitUntil('status bar says limited access', async () =>
      (await page.getByRole('status', { name: 'Status' }).innerText()).includes('limited access'),
    );
  });
});
