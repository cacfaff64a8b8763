import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { repoRoot, signInPage, startWebApp, type WebApp } from '../support/web-harness';

// Browser-mode sign-in in a real browser: the one-time link, a reload, a second profile given the
// same link, and a second tab that shares the cookie but not the tab's secret.
describe('browser-mode sign-in', () => {
  let app: WebApp;

  const statusText = (page: Page) =>
    page
      .getByRole('status', { name: 'Status' })
      .innerText()
      .catch(() => '');
  /** Opens a raw socket from the page (the browser adds the cookie) and sends a request. */
  const rawSocketClose = (page: Page) =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const ws = new WebSocket(`ws://${location.host}/api/ws`);
          ws.onopen = () => ws.send(JSON.stringify({ t: 'req', id: 1, name: 'apps.list', params: {} }));
          ws.onmessage = () => resolve(-1);
          ws.onclose = (event) => resolve(event.code);
        }),
    );

  beforeAll(async () => {
    app = await startWebApp({ kubeconfig: join(repoRoot, 'test/fixtures/kubeconfig-two-contexts.yaml') });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('takes the token out of the address bar and keeps the tab signed in across a reload', async () => {
    const { page } = app;
    expect(new URL(page.url()).hash).toBe('');
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toContain('Connected');
    await page.reload();
    await expect.poll(() => statusText(page), { timeout: 15_000 }).toContain('Connected');
    await page.getByRole('button', { name: 'Add app' }).first().click();
    const contexts = page.getByRole('dialog').getByRole('combobox', { name: 'Kubeconfig context' });
    await expect.poll(() => contexts.locator('option').count(), { timeout: 15_000 }).toBe(2);
  });

  it('an older link with the token in the query signs in and loses the token from the address bar', async () => {
    const old = await app.browser.newContext();
    try {
      const page = await old.newPage();
      const token = new URL(app.server.newUrl()).hash.replace(/^#token=/, '');
      await signInPage(page, `${app.server.origin}/?view=apps&token=${encodeURIComponent(token)}`);
      await expect.poll(() => statusText(page), { timeout: 15_000 }).toContain('Connected');
      const url = new URL(page.url());
      expect(url.searchParams.get('token')).toBeNull();
      expect(url.searchParams.get('view')).toBe('apps');
      expect(url.hash).toBe('');
      await page.reload();
      await expect.poll(() => statusText(page), { timeout: 15_000 }).toContain('Connected');
    } finally {
      await old.close();
    }
  });

  it('a used link signs nobody else in, and a tab without its own secret cannot open the API', async () => {
    const other = await app.browser.newContext();
    try {
      const stranger = await other.newPage();
      await stranger.goto(app.server.url);
      await expect
        .poll(() =>
          stranger.evaluate(() =>
            fetch('/api/session', { method: 'POST', body: '{}' }).then((r) => r.status),
          ),
        )
        .toBe(401);
      expect(await stranger.evaluate(() => sessionStorage.length)).toBe(0);
      expect(await statusText(stranger)).not.toContain('Connected');
    } finally {
      await other.close();
    }

    // Same browser, so the cookie goes along; without the tab's secret the socket is closed.
    const second = await app.context.newPage();
    await second.goto(`${app.server.origin}/`);
    expect(await rawSocketClose(second)).toBe(4401);
    expect(await statusText(second)).not.toContain('Connected');

    // A fresh link signs that tab in, without signing out the first one.
    await signInPage(second, app.server.newUrl());
    await expect.poll(() => statusText(second), { timeout: 15_000 }).toContain('Connected');
    await app.page.reload();
    await expect.poll(() => statusText(app.page), { timeout: 15_000 }).toContain('Connected');
    await second.close();
  });
});
