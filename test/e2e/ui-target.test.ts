import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSandbox, type Sandbox } from '../support/git-fixtures';
import { firstApp, startWebApp, type WebApp } from '../support/web-harness';
import { resourceTree, waitUntil } from './ui-helpers';

// At 1280×720: the sample app dialog asks where the app goes, the header keeps the target in
// sight (full name or an ellipsis with a tooltip, coloured red for a production-looking name), the
// Sync dialog names it, and the resource filter narrows a 2,000-resource tree. Nothing is synced.
const longContext = 'gke_acme-platform-production_europe-west1_primary-cluster-with-a-very-long-name';

describe('the target and the resource filter at 1280×720', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    // The test cluster under a second, long, production-looking context name.
    const original = await readFile(inject('kubeconfig'), 'utf8');
    const kubeconfig = join(sandbox.root, 'kubeconfig');
    await writeFile(
      kubeconfig,
      original.replace(
        /^contexts:\n/m,
        `contexts:\n- name: ${longContext}\n  context:\n    cluster: gitops-desktop-test\n    user: gitops-desktop-admin\n    namespace: team-a\n`,
      ),
    );
    web = await startWebApp({ kubeconfig, env: sandbox.env, viewport: { width: 1280, height: 720 } });
    page = web.page;
  });

  afterAll(async () => {
    await web?.close();
    await sandbox?.cleanup();
  });

  it('"Try the sample app" asks for the context and the namespace first', async () => {
    await page.getByRole('button', { name: 'Try the sample app' }).click();
    const dialog = page.getByRole('dialog', { name: 'Try the sample app' });
    const context = dialog.getByRole('combobox', { name: 'Kubeconfig context' });
    const namespace = dialog.getByRole('combobox', { name: 'Namespace' });
    await waitUntil('a context offered', async () => (await context.inputValue()) !== '');
    expect(await namespace.inputValue()).toBe('guestbook');
    // Nothing is created until the user confirms.
    expect((await web.core.handlers['apps.list']({})).apps).toHaveLength(0);
    await context.selectOption(longContext);
    await dialog.getByRole('button', { name: 'Create sample app' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    const app = await firstApp(web);
    expect(app.context).toBe(longContext);
    expect(app.namespace).toBe('guestbook');
  });

  it('the header shows the full context name or an ellipsis with a tooltip, coloured for production', async () => {
    const target = page.getByRole('group', { name: 'Target cluster' });
    await target.waitFor();
    const chip = target.getByText(longContext, { exact: true });
    const shown = await chip.evaluate((el) => {
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      return {
        fits: el.scrollWidth <= el.clientWidth,
        ellipsis: style.textOverflow === 'ellipsis' && style.overflow === 'hidden',
        title: el.getAttribute('title') ?? '',
        visible: rect.width > 40 && rect.right <= window.innerWidth,
        border: style.borderLeftColor,
      };
    });
    expect(shown.visible).toBe(true);
    expect(shown.fits || shown.ellipsis, JSON.stringify(shown)).toBe(true);
    expect(shown.title).toContain(longContext);
    expect(shown.border).toBe('rgb(207, 34, 46)');
    expect(await target.innerText()).toContain('guestbook');
  });

  it('the Sync dialog says where it syncs to', async () => {
    await page
      .getByRole('toolbar', { name: 'App actions' })
      .getByRole('button', { name: 'Sync', exact: true })
      .click();
    const dialog = page.getByRole('dialog', { name: /^Sync / });
    const server = (await web.core.handlers['kube.contexts']({})).contexts.find(
      (c) => c.name === longContext,
    )?.server;
    await waitUntil('target with server', async () =>
      (await dialog.innerText()).includes(`to ${longContext} / guestbook (${server})`),
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('the filter box narrows a 2,000-resource tree', async () => {
    const repoPath = (await firstApp(web)).repoPath;
    const docs: string[] = [];
    for (let i = 0; i < 2000; i++) {
      docs.push(
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bulk-${String(i).padStart(4, '0')}\n  namespace: guestbook\ndata:\n  n: "${i}"\n`,
      );
    }
    await writeFile(join(repoPath, 'many.yaml'), docs.join('---\n'));
    await page.getByRole('radio', { name: 'Working tree' }).click();
    const tree = resourceTree(page);
    await waitUntil(
      '2,000 ConfigMaps listed',
      async () => {
        const groups = await tree
          .locator('[aria-level="1"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')).join(' | '));
        return (
          /ConfigMap \(20\d\d\)/.test(groups) ||
          `${groups} / ${await page.getByRole('region', { name: 'Cluster' }).innerText()}`.slice(0, 600)
        );
      },
      150_000,
      500,
    );

    const filter = page.getByRole('searchbox', { name: 'Filter resources by name or kind' });
    await filter.fill('bulk-1234');
    await tree.getByRole('treeitem', { name: /^ConfigMap \(1\)/ }).waitFor();
    const rows = await tree
      .getByRole('treeitem')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(rows).toEqual(['ConfigMap (1), OutOfSync, Missing', 'ConfigMap bulk-1234, OutOfSync, Missing']);

    await filter.fill('deployment');
    await tree.getByRole('treeitem', { name: /^Deployment guestbook-ui,/ }).waitFor();
    expect(await tree.getByRole('treeitem', { name: /^ConfigMap/ }).count()).toBe(0);

    await filter.fill('');
    await page.getByRole('checkbox', { name: 'Unhealthy only' }).check();
    await tree.getByRole('treeitem', { name: /^ConfigMap \(20\d\d\)/ }).waitFor();
    await page.getByRole('checkbox', { name: 'Unhealthy only' }).uncheck();
    await page.getByRole('checkbox', { name: 'Out of sync only' }).check();
    const labels = await tree
      .getByRole('treeitem')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(labels.every((l) => l.includes(', OutOfSync, '))).toBe(true);
    await page.getByRole('checkbox', { name: 'Out of sync only' }).uncheck();
    await page.getByRole('radio', { name: 'HEAD' }).click();
  });
});
