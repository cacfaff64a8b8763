import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSandbox, type Sandbox } from '../support/git-fixtures';
import { firstApp, startWebApp, type WebApp } from '../support/web-harness';
import { createSampleApp, resourceTree, screenshots, Timings, waitUntil } from './ui-helpers';

// Large apps: nothing is synced here, so the 2,000 objects stay Missing and never reach the cluster.
const ns = 'guestbook';

describe('large apps in the browser', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;
  const timings = new Timings();

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    web = await startWebApp({ kubeconfig: inject('kubeconfig'), env: sandbox.env });
    page = web.page;
    await createSampleApp(page);
    await resourceTree(page)
      .getByRole('treeitem', { name: /^Deployment \(/ })
      .waitFor({ timeout: 30_000 });
  });

  afterAll(async () => {
    console.log(`large app timings:\n${timings.toString()}`);
    await web?.close();
    await sandbox?.cleanup();
  });

  it('2,000 resources in the tree stay smooth, and a 2 MB file opens', async () => {
    const repoPath = (await firstApp(web)).repoPath;
    const docs: string[] = [];
    for (let i = 0; i < 2000; i++)
      docs.push(
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bulk-${String(i).padStart(4, '0')}\n  namespace: ${ns}\ndata:\n  n: "${i}"\n`,
      );
    await writeFile(join(repoPath, 'many.yaml'), docs.join('---\n'));
    const lines: string[] = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: big',
      `  namespace: ${ns}`,
      'data:',
    ];
    for (let i = 0; lines.join('\n').length < 2 * 1024 * 1024; i++)
      lines.push(`  key-${i}: "${'x'.repeat(80)}"`);
    await writeFile(join(repoPath, 'big.yaml'), `${lines.join('\n')}\n`);

    timings.mark('files written');
    await page.getByRole('radio', { name: 'Working tree' }).click();
    timings.mark('compare with working tree clicked');
    const group = resourceTree(page).getByRole('treeitem', { name: /^ConfigMap \(20\d\d\)/ });
    const shown = await waitUntil('2,000 ConfigMaps listed', async () => (await group.count()) === 1, 60_000);
    timings.mark(`2,000 resources listed (${shown} ms after the files changed)`);
    const rendered = await resourceTree(page).getByRole('treeitem').count();
    expect(rendered, 'rows in the DOM (virtualised)').toBeLessThan(150);
    await group.focus();
    let t0 = Date.now();
    await page.keyboard.press('End');
    await resourceTree(page)
      .getByRole('treeitem', { name: /^Deployment guestbook-ui,/ })
      .waitFor();
    const toEnd = Date.now() - t0;
    t0 = Date.now();
    await page.keyboard.press('Home');
    await resourceTree(page)
      .getByRole('treeitem', { name: /^Namespace \(/ })
      .waitFor();
    timings.mark(`tree End in ${toEnd} ms, Home in ${Date.now() - t0} ms`);
    await screenshots(page, '19-two-thousand-resources');

    const t1 = Date.now();
    await page.locator('body').press('Control+p');
    const quick = page.getByRole('dialog', { name: 'Go to file' });
    await quick.getByRole('combobox', { name: 'File name' }).fill('big.yaml');
    await quick.getByRole('combobox', { name: 'File name' }).press('Enter');
    const editor = page.getByRole('region', { name: 'Editor' });
    await waitUntil(
      '2 MB file in the editor',
      async () => (await editor.innerText()).includes('key-1:'),
      30_000,
    );
    timings.mark(`2 MB file opened in ${Date.now() - t1} ms`);
    await screenshots(page, '20-large-file');

    await rm(join(repoPath, 'many.yaml'));
    await rm(join(repoPath, 'big.yaml'));
    await page.getByRole('radio', { name: 'HEAD' }).click();
  });
});
