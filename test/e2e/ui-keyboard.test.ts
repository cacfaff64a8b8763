import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { configMap, createRepo, createSandbox, type Sandbox } from '../support/git-fixtures';
import { uniqueSuffix } from '../support/kube-fixtures';
import { startWebApp, type WebApp } from '../support/web-harness';
import { addTestApp, waitUntil } from './ui-helpers';

// The keyboard alone: dialogs take typing at once, the palette reaches every command, F6 and Tab
// get out of the editor, and "?" lists the shortcuts.
describe('keyboard in the browser', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;
  const ns = `ui-keys-${uniqueSuffix()}`;

  /** Which pane (data-pane) holds the focus, and whether it is inside Monaco. */
  const focusInfo = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      return {
        pane: el?.closest<HTMLElement>('[data-pane]')?.dataset.pane ?? null,
        inMonaco: el?.closest('.monaco-editor') !== null && el?.closest('.monaco-editor') !== undefined,
      };
    });

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    const repo = await createRepo(sandbox, 'keys', {
      'service.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n`,
      'config.yaml': configMap('settings'),
      'deploy/worker.yaml': configMap('worker'),
    });
    web = await startWebApp({ kubeconfig: inject('kubeconfig'), env: sandbox.env });
    page = web.page;
    await addTestApp(web, repo, 'keys', ns);
  });

  afterAll(async () => {
    await web?.close();
    await sandbox?.cleanup();
  });

  it('Ctrl+P: typing filters the files at once, Enter opens the file', async () => {
    const loaded = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => /\/(monaco|YamlEditor|editor\.worker|yaml-worker)-/.test(n)),
      );
    expect(await loaded(), 'Monaco is not loaded before a file is opened').toEqual([]);
    await page.locator('body').press('Control+p');
    // No click, no wait for focus: the keystrokes go straight to the field.
    await page.keyboard.type('serv');
    const quick = page.getByRole('dialog', { name: 'Go to file' });
    expect(await quick.getByRole('combobox', { name: 'File name' }).inputValue()).toBe('serv');
    const options = quick.getByRole('listbox', { name: 'Matching files' }).getByRole('option');
    await waitUntil('one match', async () => (await options.count()) === 1);
    expect(await options.first().innerText()).toContain('service.yaml');
    await page.keyboard.press('Enter');
    await quick.waitFor({ state: 'detached' });
    const editor = page.getByRole('region', { name: 'Editor' });
    await waitUntil('file in the editor', async () =>
      (await editor.innerText()).replace(/\u00a0/g, ' ').includes('port: 80'),
    );
    expect((await loaded()).length, 'Monaco loaded on demand').toBeGreaterThan(0);
  });

  it('Tab and F6 leave the editor', async () => {
    const editor = page.getByRole('region', { name: 'Editor' });
    await editor.locator('.monaco-editor .view-lines').click();
    expect((await focusInfo()).inMonaco).toBe(true);
    await page.keyboard.press('Tab');
    expect((await focusInfo()).inMonaco, 'Tab moved the focus out of Monaco').toBe(false);

    await editor.locator('.monaco-editor .view-lines').click();
    expect(await focusInfo()).toEqual({ pane: 'editor', inMonaco: true });
    await page.keyboard.press('F6');
    expect((await focusInfo()).pane).toBe('cluster');
    await page.keyboard.press('Shift+F6');
    expect(await focusInfo()).toEqual({ pane: 'editor', inMonaco: true });
    // F6 goes all the way round: apps, files, editor, cluster.
    const seen: (string | null)[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('F6');
      seen.push((await focusInfo()).pane);
    }
    expect(seen).toEqual(['cluster', 'apps', 'files', 'editor']);
  });

  it('the command palette runs commands by name and shows their shortcuts', async () => {
    await page.locator('body').press('Control+Shift+P');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await page.keyboard.type('sync');
    const option = palette.getByRole('option', { name: /Sync/ }).first();
    expect(await option.innerText()).toContain('Ctrl+Shift+Y');
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });

    await page.locator('body').press('Control+Shift+P');
    await page.keyboard.type('toggle history');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'History' }).waitFor();
    await page.locator('body').press('Control+Shift+H');
    await page.getByRole('region', { name: 'History' }).waitFor({ state: 'detached' });
  });

  it('"?" lists the keyboard shortcuts', async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const table = sheet.getByRole('table', { name: 'Keyboard shortcuts' });
    await table.waitFor();
    const text = await table.innerText();
    for (const expected of ['Ctrl+P', 'Ctrl+Shift+P', 'F6', 'Ctrl+S', 'Ctrl+Shift+Y'])
      expect(text).toContain(expected);
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });
  });

  it('dialogs focus their first field', async () => {
    await page.getByRole('button', { name: 'Add app' }).click();
    const add = page.getByRole('dialog', { name: /Add app/ });
    await add.waitFor();
    const focused = await page.evaluate(() => document.activeElement?.tagName);
    expect(focused).toBe('INPUT');
    await page.keyboard.press('Escape');
    await add.waitFor({ state: 'detached' });
  });
});
