import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { repoRoot, startWebApp, type WebApp } from '../support/web-harness';

describe('browser mode shell', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await startWebApp({ kubeconfig: join(repoRoot, 'test/fixtures/kubeconfig-two-contexts.yaml') });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('drops the token from the address bar after signing in', async () => {
    expect(new URL(app.page.url()).searchParams.has('token')).toBe(false);
    const cookies = await app.context.cookies();
    const session = cookies.find((c) => c.name === `gd_session_${new URL(app.page.url()).port}`);
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
  });

  it('shows the application shell and lists the kubeconfig contexts through a real API round trip', async () => {
    const { page } = app;
    await expect.poll(() => page.getByRole('heading', { name: 'GitOps Desktop' }).count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Add app' }).first().click();
    const contexts = page.getByRole('dialog').getByRole('combobox', { name: 'Kubeconfig context' });
    await expect
      .poll(() => contexts.locator('option').allTextContents(), { timeout: 15_000 })
      .toEqual(['kind-dev — https://127.0.0.1:1', 'staging-readonly — https://127.0.0.1:2']);
    // The kubeconfig's current context is preselected.
    expect(await contexts.inputValue()).toBe('kind-dev');
    // The kubeconfig's credentials never reach the page.
    expect(await page.content()).not.toContain('fixture-token-not-a-secret');
    expect(app.pageErrors).toEqual([]);
  });
});
