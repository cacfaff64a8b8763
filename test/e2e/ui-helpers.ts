import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AppSettings } from '../../src-shared/model';
import { repoRoot, type WebApp } from '../support/web-harness';

const run = promisify(execFile);
export const screenshotDir = join(repoRoot, 'docs/screenshots');

/** Polls `check` until it returns true; fails with `what` and the last value seen. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean | string>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<number> {
  const start = Date.now();
  let last: boolean | string = false;
  for (;;) {
    try {
      last = await check();
      if (last === true) return Date.now() - start;
    } catch (err) {
      last = String(err);
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function resourceTree(page: Page): Locator {
  return page.getByRole('tree', { name: 'Resources' });
}

/** A resource row, found by its accessible name "Kind name, Sync, Health[, info]". */
export function resourceItem(page: Page, kind: string, name: string): Locator {
  const escaped = `${kind} ${name}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return resourceTree(page).getByRole('treeitem', { name: new RegExp(`^${escaped},`) });
}

export async function labelOf(item: Locator): Promise<string> {
  return (await item.getAttribute('aria-label', { timeout: 2000 })) ?? '';
}

/** Resolves when every resource row in the tree (not the group headers) matches `pattern`. */
export async function waitForAllResources(
  page: Page,
  what: string,
  pattern: RegExp,
  kinds: string[],
  timeoutMs = 60_000,
): Promise<number> {
  return waitUntil(
    what,
    async () => {
      const labels = await resourceTree(page)
        .getByRole('treeitem')
        .evaluateAll((els) =>
          els
            .filter((e) => e.getAttribute('aria-level') !== '1')
            .map((e) => e.getAttribute('aria-label') ?? ''),
        );
      const top = labels.filter((l) => kinds.some((k) => l.startsWith(`${k} `)));
      if (top.length < kinds.length) return `only ${top.length} rows: ${labels.join(' | ')}`;
      const bad = top.filter((l) => !pattern.test(l));
      return bad.length === 0 ? true : bad.join(' | ');
    },
    timeoutMs,
  );
}

/** Screenshot of the current state in light and in dark theme: docs/screenshots/<name>-{light,dark}.png. */
export async function screenshots(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  const base = name;
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(250);
    await page.screenshot({ path: join(screenshotDir, `${base}-${scheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

export async function kubectl(kubectlPath: string, kubeconfig: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(kubectlPath, ['--kubeconfig', kubeconfig, ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.trim();
}

/** The text of everything visible in the page, dialogs included. */
export function pageText(page: Page): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

/** Step timings for the report at the end of the run. */
export class Timings {
  private readonly rows: [string, number][] = [];
  private last = Date.now();
  mark(step: string): void {
    const now = Date.now();
    this.rows.push([step, now - this.last]);
    this.last = now;
  }
  toString(): string {
    return this.rows.map(([s, ms]) => `  ${s.padEnd(58)} ${(ms / 1000).toFixed(1)} s`).join('\n');
  }
}

/** Waits until a resource row's accessible name matches `pattern`; reports the last name seen. */
export async function waitForResource(
  page: Page,
  kind: string,
  name: string,
  pattern: RegExp,
  what: string,
  timeoutMs = 30_000,
): Promise<number> {
  return waitUntil(
    what,
    async () => {
      const label = await labelOf(resourceItem(page, kind, name));
      return pattern.test(label) ? true : label;
    },
    timeoutMs,
  );
}

/**
 * Registers an app for a repository made with the real git CLI, on the test cluster's current
 * context and the given namespace, and reloads the page so it is listed and selected.
 */
export async function addTestApp(
  web: WebApp,
  repoPath: string,
  name: string,
  namespace: string,
): Promise<AppSettings> {
  const contexts = await web.core.handlers['kube.contexts']({});
  const context = contexts.current ?? contexts.contexts[0]!.name;
  const app = await web.core.handlers['apps.add']({ name, repoPath, appPath: '', context, namespace });
  await web.page.evaluate((id) => localStorage.setItem('gitops-desktop.selected-app', id), app.id);
  await web.page.reload();
  await web.page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 });
  return app;
}

/**
 * "Try the sample app…" → the dialog that asks for the context and namespace → Create,
 * with the defaults (the current context, "guestbook") kept.
 */
export async function createSampleApp(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Try the sample app' }).click();
  const dialog = page.getByRole('dialog', { name: 'Try the sample app' });
  const context = dialog.getByRole('combobox', { name: 'Kubeconfig context' });
  await waitUntil('a context chosen', async () => (await context.inputValue()) !== '');
  await dialog.getByRole('button', { name: 'Create sample app' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
}

/** Opens the Sync dialog from the app's toolbar and waits for its plan (the server-side dry run). */
export async function openSyncDialog(page: Page, timeoutMs = 60_000): Promise<Locator> {
  await page
    .getByRole('toolbar', { name: 'App actions' })
    .getByRole('button', { name: 'Sync', exact: true })
    .click();
  const dialog = page.getByRole('dialog', { name: /^Sync / });
  await dialog.getByRole('table', { name: 'Sync plan' }).waitFor({ timeout: timeoutMs });
  return dialog;
}

/** Waits for the dialog's sync to end and fails, showing the dialog's text, unless it succeeded. */
export async function expectSyncSucceeded(dialog: Locator): Promise<void> {
  await dialog.getByText(/^Sync (succeeded|failed)/).waitFor({ timeout: 90_000 });
  expect(await dialog.getByText(/^Sync succeeded/).count(), await dialog.innerText()).toBe(1);
}

/** Open Sync, run it with the default options, expect success, close the dialog. */
export async function syncFromToolbar(page: Page): Promise<void> {
  const dialog = await openSyncDialog(page);
  await dialog.getByRole('button', { name: 'Sync', exact: true }).click();
  await expectSyncSucceeded(dialog);
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
}
