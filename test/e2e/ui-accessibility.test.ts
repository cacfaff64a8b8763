import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSandbox, type Sandbox } from '../support/git-fixtures';
import { firstApp, startWebApp, type WebApp } from '../support/web-harness';
import { createSampleApp, resourceItem, screenshotDir, waitUntil } from './ui-helpers';

// axe-core in Chromium on the six main screens, light and dark: no serious or critical violation.
// The same run takes the README's screenshots (overview and app view, 1440 and 1280 wide).
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

async function seriousViolations(page: Page): Promise<Violation[]> {
  // The page's CSP forbids inline scripts (rightly); the debugging protocol's evaluate is not bound by it.
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.evaluate(`${await readFile(axePath, 'utf8')}\n;0`);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: Violation[] }> } }
    ).axe;
    // Monaco's syntax colours over its diff highlights are the editor theme's own (and carry no
    // meaning the +/- gutter does not): the code text is left out, everything around it is checked.
    const result = await axe.run(
      {
        include: [document],
        exclude: [['.monaco-editor .view-lines'], ['.monaco-editor .margin-view-overlays']],
      },
      { resultTypes: ['violations'] },
    );
    return result.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

function describeViolations(list: Violation[]): string {
  return list
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');
}

describe('accessibility (axe-core) on the main screens', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;
  const found: string[] = [];

  const check = async (screen: string) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.waitForTimeout(200);
      const list = await seriousViolations(page);
      if (list.length > 0) found.push(`${screen} (${scheme}):\n${describeViolations(list)}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  const shoot = async (name: string) => {
    for (const width of [1440, 1280]) {
      await page.setViewportSize({ width, height: width === 1440 ? 900 : 720 });
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.waitForTimeout(250);
        await page.screenshot({ path: join(screenshotDir, `${name}-${width}-${scheme}.png`) });
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
  };

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    web = await startWebApp({ kubeconfig: inject('kubeconfig'), env: sandbox.env });
    page = web.page;
  });

  afterAll(async () => {
    await web?.close();
    await sandbox?.cleanup();
  });

  it('empty state', async () => {
    await page.getByRole('button', { name: 'Try the sample app' }).waitFor();
    await check('empty state');
  });

  it('app view with details, overview, Sync, Commit, History', async () => {
    await createSampleApp(page);
    await resourceItem(page, 'Deployment', 'guestbook-ui').waitFor({ timeout: 60_000 });
    await resourceItem(page, 'Deployment', 'guestbook-ui').click();
    await page.getByRole('region', { name: /^Details of Deployment/ }).waitFor();
    await page.waitForTimeout(1500);
    await check('app view with details');
    await shoot('app-view');

    await page.getByRole('button', { name: 'Overview' }).click();
    await page.getByRole('region', { name: 'Apps overview' }).waitFor();
    await check('overview');
    await shoot('overview');
    await page.getByRole('region', { name: 'Apps overview' }).getByRole('button', { name: 'Open' }).click();

    const actions = page.getByRole('toolbar', { name: 'App actions' });
    await actions.getByRole('button', { name: 'Sync', exact: true }).click();
    const sync = page.getByRole('dialog', { name: /^Sync / });
    await sync.getByRole('table', { name: 'Sync plan' }).waitFor({ timeout: 60_000 });
    await check('Sync dialog');
    await page.keyboard.press('Escape');
    await sync.waitFor({ state: 'detached' });

    const repoPath = (await firstApp(web)).repoPath;
    await writeFile(
      join(repoPath, 'extra.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  namespace: guestbook\n',
    );
    await waitUntil('a change to commit', async () => /Commit \(\d+\)/.test(await actions.innerText()));
    await actions.getByRole('button', { name: /^Commit/ }).click();
    const commit = page.getByRole('dialog', { name: 'Commit changes' });
    await commit.getByRole('checkbox', { name: 'extra.yaml' }).waitFor();
    await page.waitForTimeout(1000);
    await check('Commit dialog');
    await page.keyboard.press('Escape');
    await commit.waitFor({ state: 'detached' });

    await actions.getByRole('button', { name: 'History' }).click();
    await page.getByRole('listbox', { name: 'Commits' }).getByRole('option').first().waitFor();
    await page.waitForTimeout(1500);
    await check('History');

    expect(found.join('\n\n')).toBe('');
  });
});
