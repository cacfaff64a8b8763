import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { commitAll, configMap, createRepo, createSandbox, type Sandbox } from '../support/git-fixtures';
import { uniqueSuffix } from '../support/kube-fixtures';
import { startWebApp, type WebApp } from '../support/web-harness';
import { addTestApp, kubectl, syncFromToolbar, waitUntil } from './ui-helpers';

// History marks the deployed revision, and "Roll back to this commit" on an older commit makes the
// app's files what they were then (a new commit) and syncs them, on the real cluster.
describe('roll back to an older commit', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;
  let repo: string;
  const ns = `ui-rollback-${uniqueSuffix()}`;
  const kubeconfig = inject('kubeconfig');
  const kubectlPath = inject('kubectl');
  const namespace = `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`;

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    repo = await createRepo(
      sandbox,
      'rollback',
      { 'namespace.yaml': namespace, 'config.yaml': configMap('settings', { colour: 'blue' }, ns) },
      'Blue settings',
    );
    await commitAll(
      sandbox,
      repo,
      {
        'config.yaml': configMap('settings', { colour: 'green' }, ns),
        'extra.yaml': configMap('extra', { added: 'later' }, ns),
      },
      'Green settings and an extra map',
    );
    web = await startWebApp({ kubeconfig, env: sandbox.env });
    page = web.page;
    await addTestApp(web, repo, 'rollback', ns);
  });

  afterAll(async () => {
    await web?.close();
    await kubectl(kubectlPath, kubeconfig, 'delete', 'namespace', ns, '--wait=false').catch(() => '');
    await sandbox?.cleanup();
  });

  it('syncs HEAD, marks it deployed, then rolls back to the first commit', async () => {
    await syncFromToolbar(page);

    await page.getByRole('toolbar', { name: 'App actions' }).getByRole('button', { name: 'History' }).click();
    const commits = page.getByRole('listbox', { name: 'Commits' });
    const head = commits.getByRole('option', { name: /Green settings/ });
    await waitUntil('HEAD marked deployed', async () => (await head.innerText()).includes('Deployed'));
    expect(await commits.getByRole('option', { name: /Blue settings/ }).innerText()).not.toContain(
      'Deployed',
    );

    await commits.getByRole('option', { name: /Blue settings/ }).click();
    await page.getByRole('button', { name: 'Roll back to this commit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back to this commit' });
    const plan = dialog.getByRole('table', { name: 'Rollback plan' });
    await plan.waitFor({ timeout: 30_000 });
    expect(await plan.innerText()).toMatch(/extra[\s\S]*prune/);
    expect(await dialog.innerText()).toContain(`/ ${ns} (`);
    await dialog.getByRole('checkbox', { name: /Prune resources/ }).check();
    // One of the app's three objects goes away: a large prune, confirmed with the app's name.
    await expect(dialog.getByRole('button', { name: 'Roll back and sync' }).isDisabled()).resolves.toBe(true);
    await dialog.getByRole('textbox', { name: 'Type rollback to confirm the prune' }).fill('rollback');
    await dialog.getByRole('button', { name: 'Roll back and sync' }).click();
    await dialog.getByText(/^Sync (succeeded|failed)/).waitFor({ timeout: 90_000 });
    expect(await dialog.getByText(/^Sync succeeded/).count(), await dialog.innerText()).toBe(1);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    expect(await readFile(join(repo, 'config.yaml'), 'utf8')).toContain('colour: "blue"');
    await expect(readFile(join(repo, 'extra.yaml'), 'utf8')).rejects.toThrow();
    expect(await sandbox.git(repo, 'log', '-1', '--format=%s')).toMatch(
      /^Roll back to [0-9a-f]{7} "Blue settings"/,
    );
    expect(await sandbox.git(repo, 'rev-list', '--count', 'HEAD')).toBe('3');
    await waitUntil('the cluster holds blue again', async () => {
      const value = await kubectl(
        kubectlPath,
        kubeconfig,
        '-n',
        ns,
        'get',
        'configmap',
        'settings',
        '-o',
        'jsonpath={.data.colour}',
      );
      return value === 'blue' || value;
    });
    await waitUntil('the extra map pruned', async () => {
      const out = await kubectl(
        kubectlPath,
        kubeconfig,
        '-n',
        ns,
        'get',
        'configmap',
        'extra',
        '--ignore-not-found',
      );
      return out === '' || out;
    });
    const rollbackHead = commits.getByRole('option', { name: /Roll back to/ });
    await waitUntil('the new commit is deployed', async () =>
      (await rollbackHead.innerText()).includes('Deployed'),
    );
  });

  it('the header shows the whole "Last sync" at 1280 and at 1024 px, clear of the actions', async () => {
    const facts = page.locator('.app-facts');
    const lastSync = facts.locator('dd').last();
    const toolbar = page.getByRole('toolbar', { name: 'App actions' });
    try {
      for (const width of [1280, 1024]) {
        await page.setViewportSize({ width, height: 720 });
        await waitUntil(`last sync shown at ${width} px`, async () =>
          /^[0-9a-f]{7} · .* · Succeeded$/.test(await lastSync.innerText()),
        );
        const shown = await lastSync.evaluate((el) => {
          const r = el.getBoundingClientRect();
          const bar = document.querySelector('[role="toolbar"][aria-label="App actions"]')!;
          const b = bar.getBoundingClientRect();
          const overlaps = r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom;
          const clip = el.parentElement!.parentElement!.getBoundingClientRect();
          return {
            fits: el.scrollWidth <= el.clientWidth,
            inside: r.right <= window.innerWidth && r.right <= clip.right + 0.5 && r.width > 0,
            overlaps,
            title: el.getAttribute('title') ?? '',
            text: el.textContent ?? '',
          };
        });
        expect(shown.fits && shown.inside && !shown.overlaps, `${width} px: ${JSON.stringify(shown)}`).toBe(
          true,
        );
        expect(shown.title.startsWith(shown.text), JSON.stringify(shown)).toBe(true);
        // Every action is still on screen.
        for (const name of ['Refresh', 'Sync', 'History', 'App settings']) {
          const box = await toolbar.getByRole('button', { name, exact: true }).boundingBox();
          expect(box && box.x >= 0 && box.x + box.width <= width, `${name} at ${width} px`).toBe(true);
        }
      }
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });

  it('the overview tiles show status, target and last sync; filter, search and one-click Sync', async () => {
    await page.getByRole('navigation', { name: 'Apps' }).getByRole('button', { name: 'Overview' }).click();
    const overview = page.getByRole('region', { name: 'Apps overview' });
    const tile = overview.getByRole('article', { name: 'rollback' });
    await waitUntil('last sync on the tile', async () =>
      /Last sync: [0-9a-f]{7} · .* · Succeeded/.test(await tile.innerText()),
    );
    expect(await tile.innerText()).toContain(`/ ${ns}`);

    await overview.getByRole('searchbox', { name: 'Search apps' }).fill('no-such-app');
    await overview.getByText('No app matches.').waitFor();
    await overview.getByRole('searchbox', { name: 'Search apps' }).fill('roll');
    await tile.waitFor();
    await overview.getByRole('combobox', { name: 'Status' }).selectOption('Degraded');
    await overview.getByText('No app matches.').waitFor();
    await overview.getByRole('combobox', { name: 'Status' }).selectOption('');
    await tile.waitFor();

    await tile.getByRole('button', { name: 'Sync rollback' }).click();
    const toast = page.getByRole('status', { name: 'Notifications' });
    await waitUntil('sync started toast', async () => (await toast.innerText()).includes('Sync of rollback'));
    await toast.getByRole('button', { name: 'Open app' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'rollback' }).waitFor();
  });
});
