import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSandbox, type Sandbox } from '../support/git-fixtures';
import { firstApp, startWebApp, type WebApp } from '../support/web-harness';
import {
  createSampleApp,
  expectSyncSucceeded,
  kubectl,
  openSyncDialog,
  pageText,
  resourceItem,
  resourceTree,
  screenshots,
  Timings,
  waitForAllResources,
  waitForResource,
  waitUntil,
} from './ui-helpers';

// The seed story, driven only through the page by role and name, against the real core, real git
// and the real control plane. Later tests build on the app the story created.
const kinds = ['Namespace', 'ConfigMap', 'Service', 'Deployment'];
const ns = 'guestbook';

describe('seed story in the browser', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;
  const kubeconfig = inject('kubeconfig');
  const kubectlPath = inject('kubectl');
  const timings = new Timings();

  const header = () => page.getByRole('toolbar', { name: 'App actions' });
  const openSyncAndRun = async (label: string) => {
    const dialog = await openSyncDialog(page, 30_000);
    timings.mark(`${label}: plan shown`);
    return dialog;
  };
  const finishSync = async (dialog: ReturnType<Page['getByRole']>, label: string) => {
    await expectSyncSucceeded(dialog);
    timings.mark(`${label}: sync finished`);
  };

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    // A previous run's namespace would make the first state Synced instead of Missing.
    await kubectl(
      kubectlPath,
      kubeconfig,
      'delete',
      'namespace',
      ns,
      '--ignore-not-found',
      '--wait=true',
      '--timeout=90s',
    ).catch(() => '');
    web = await startWebApp({ kubeconfig, env: sandbox.env, viewport: { width: 1440, height: 900 } });
    page = web.page;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      // What the cluster really holds, to tell a stale page from a slow cluster.
      console.log(
        await kubectl(kubectlPath, kubeconfig, 'get', 'deploy,rs,pods', '-n', ns, '-o', 'wide').catch(
          (e: Error) => e.message,
        ),
      );
      await page
        .screenshot({ path: join(tmpdir(), `seed-story-failure-${ctx.task.name.slice(0, 2)}png`) })
        .catch(() => {});
      console.log(`page text at failure:\n${await pageText(page).catch(() => '')}`);
    }
    // A failed step must not leave a modal dialog over the next test.
    for (let i = 0; i < 3 && (await page.locator('dialog[open]').count()) > 0; i++)
      await page.keyboard.press('Escape');
  });

  afterAll(async () => {
    console.log(`seed story timings:\n${timings.toString()}`);
    if (web?.pageErrors.length) console.log(`page errors:\n${web.pageErrors.join('\n')}`);
    await web?.close();
    await kubectl(
      kubectlPath,
      kubeconfig,
      'delete',
      'namespace',
      ns,
      '--ignore-not-found',
      '--wait=false',
    ).catch(() => '');
    await sandbox?.cleanup();
  });

  it('1. sample app → sync → edit → preview → commit → sync → rollback', async () => {
    await page.getByRole('button', { name: 'Try the sample app' }).waitFor();
    timings.mark('empty app list shown');
    await screenshots(page, '00-welcome');
    await createSampleApp(page);
    await page
      .getByRole('navigation', { name: 'Apps' })
      .getByRole('button', { name: /guestbook/ })
      .waitFor();
    // Argo CD's words: not in the cluster yet = OutOfSync, health Missing (never "Missing, Missing").
    await waitForAllResources(page, 'every resource OutOfSync and Missing', /, OutOfSync, Missing/, kinds);
    expect(await page.getByRole('navigation', { name: 'Apps' }).innerText()).toMatch(/OutOfSync\s*Missing/);
    timings.mark('sample app created, all Missing');
    await screenshots(page, '01-sample-app');

    let dialog = await openSyncAndRun('first sync');
    await screenshots(page, '02-sync-plan');
    await dialog.getByRole('button', { name: 'Sync', exact: true }).click();
    await finishSync(dialog, 'first sync');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await waitForAllResources(page, 'every resource Synced and Healthy', /, Synced, Healthy/, kinds);
    await waitForResource(page, 'Deployment', 'guestbook-ui', /1\/1/, '1/1 replicas');
    timings.mark('all Synced/Healthy, 1/1');
    await screenshots(page, '03-synced');

    // Edit replicas in the editor, by keystrokes.
    await page
      .getByRole('tree', { name: 'Files' })
      .getByRole('treeitem', { name: /^deployment\.yaml/ })
      .click();
    const editor = page.getByRole('region', { name: 'Editor' });
    await editor.locator('.monaco-editor .view-lines').waitFor();
    await waitUntil('file in the editor', async () => (await editor.innerText()).includes('guestbook-ui'));
    await editor.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('2');
    await page.keyboard.press('Escape');
    await editor.getByRole('img', { name: 'Unsaved changes' }).waitFor();
    await page.keyboard.press('Control+s');
    await editor.getByRole('img', { name: 'Unsaved changes' }).waitFor({ state: 'detached' });
    const repoPath = (await firstApp(web)).repoPath;
    expect(await readFile(join(repoPath, 'deployment.yaml'), 'utf8')).toMatch(/replicas: 2\n/);
    await page
      .getByRole('tree', { name: 'Files' })
      .getByRole('treeitem', { name: /^deployment\.yaml, modified/ })
      .waitFor();
    timings.mark('replicas edited and saved');
    await screenshots(page, '04-edited');

    // Preview: compare the working tree with the cluster.
    await page.getByRole('radio', { name: 'Working tree' }).click();
    await waitForResource(
      page,
      'Deployment',
      'guestbook-ui',
      /, OutOfSync,/,
      'Deployment OutOfSync against the working tree',
    );
    await resourceItem(page, 'Deployment', 'guestbook-ui').click();
    const details = page.getByRole('region', { name: /^Details of Deployment/ });
    await waitUntil('diff shows replicas 2', async () =>
      (await details.innerText()).replace(/\u00a0/g, ' ').includes('replicas: 2'),
    );
    timings.mark('preview diff shown');
    await screenshots(page, '05-preview-diff');

    // Commit with a message, Ctrl+Enter.
    await header()
      .getByRole('button', { name: /^Commit/ })
      .click();
    const commit = page.getByRole('dialog', { name: 'Commit changes' });
    await commit.getByRole('checkbox', { name: 'deployment.yaml' }).waitFor();
    await commit.getByRole('textbox', { name: 'Commit message' }).fill('Scale the guestbook to two replicas');
    await screenshots(page, '06-commit');
    await commit.getByRole('textbox', { name: 'Commit message' }).press('Control+Enter');
    await commit.waitFor({ state: 'detached', timeout: 20_000 });
    timings.mark('committed');

    await page.getByRole('radio', { name: 'HEAD' }).click();
    await waitForResource(
      page,
      'Deployment',
      'guestbook-ui',
      /, OutOfSync,/,
      'Deployment OutOfSync against HEAD',
    );
    timings.mark('OutOfSync against HEAD');
    await screenshots(page, '07-out-of-sync');

    dialog = await openSyncAndRun('second sync');
    await dialog.getByRole('button', { name: 'Sync', exact: true }).click();
    await finishSync(dialog, 'second sync');
    await screenshots(page, '08-sync-result');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await waitForResource(
      page,
      'Deployment',
      'guestbook-ui',
      /, Synced, Healthy, .*2\/2/,
      '2/2 Synced Healthy',
      60_000,
    );
    await waitUntil(
      'two Pods in the tree',
      async () =>
        (await resourceTree(page)
          .getByRole('treeitem', { name: /^Pod guestbook-ui-/ })
          .count()) === 2,
      60_000,
    );
    timings.mark('2/2 Healthy, two Pods');
    await screenshots(page, '09-two-replicas');

    // History → Rollback of the scaling commit.
    await header().getByRole('button', { name: 'History' }).click();
    const commits = page.getByRole('listbox', { name: 'Commits' });
    await commits.getByRole('option', { name: /Scale the guestbook to two replicas/ }).click();
    await screenshots(page, '10-history');
    await page.getByRole('button', { name: 'Revert this commit' }).click();
    const rollback = page.getByRole('dialog', { name: 'Revert this commit' });
    await rollback.getByText('deployment.yaml').first().waitFor();
    await screenshots(page, '11-rollback-confirm');
    await rollback.getByRole('button', { name: 'Revert and sync' }).click();
    await rollback.getByText(/^Sync (succeeded|failed)/).waitFor({ timeout: 90_000 });
    expect(await rollback.getByText(/^Sync succeeded/).count(), await rollback.innerText()).toBe(1);
    await rollback.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByRole('button', { name: 'Close history' }).click();
    await waitForResource(
      page,
      'Deployment',
      'guestbook-ui',
      /, Synced, Healthy, .*1\/1/,
      'back to 1 replica',
      60_000,
    );
    expect(await readFile(join(repoPath, 'deployment.yaml'), 'utf8')).toMatch(/replicas: 1\n/);
    timings.mark('rolled back to 1 replica');
    await screenshots(page, '12-rolled-back');
  });

  it('2. kubectl scale from outside turns the Deployment OutOfSync within 2 s', async () => {
    await waitForAllResources(page, 'start from Synced', /, Synced, /, kinds);
    const start = Date.now();
    await kubectl(kubectlPath, kubeconfig, 'scale', 'deployment/guestbook-ui', '-n', ns, '--replicas=3');
    await waitForResource(
      page,
      'Deployment',
      'guestbook-ui',
      /, OutOfSync,/,
      'OutOfSync after kubectl scale',
      2000,
    );
    timings.mark(`kubectl scale → OutOfSync in ${Date.now() - start} ms`);
    await screenshots(page, '13-drift');
    await kubectl(kubectlPath, kubeconfig, 'scale', 'deployment/guestbook-ui', '-n', ns, '--replicas=1');
  });

  it('3. a broken YAML file shows in the tree and at its line, and the rest still syncs', async () => {
    const repoPath = (await firstApp(web)).repoPath;
    await writeFile(
      join(repoPath, 'broken.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  key: "unterminated\n',
    );
    const files = page.getByRole('tree', { name: 'Files' });
    const broken = files.getByRole('treeitem', { name: /^broken\.yaml, .*problem/ });
    await broken.waitFor({ timeout: 10_000 });
    await broken.click();
    const problems = page.getByRole('list', { name: 'Problems in this file' });
    await problems
      .getByRole('button', { name: /^Line \d+/ })
      .first()
      .waitFor();
    await page
      .getByRole('region', { name: 'Editor' })
      .locator('.squiggly-error')
      .first()
      .waitFor({ timeout: 10_000 });
    timings.mark('broken file marked in tree and editor');
    await screenshots(page, '14-broken-yaml');

    await header()
      .getByRole('button', { name: /^Commit/ })
      .click();
    const commit = page.getByRole('dialog', { name: 'Commit changes' });
    await commit.getByRole('textbox', { name: 'Commit message' }).fill('Add a broken file');
    await commit.getByRole('button', { name: 'Commit', exact: true }).click();
    await commit.waitFor({ state: 'detached', timeout: 20_000 });
    await kubectl(kubectlPath, kubeconfig, 'scale', 'deployment/guestbook-ui', '-n', ns, '--replicas=3');
    const dialog = await openSyncAndRun('sync with a broken file');
    await dialog.getByRole('list', { name: 'Manifest problems' }).getByText('broken.yaml').waitFor();
    // kubectl now owns .spec.replicas: taking it back is a forced server-side apply.
    await dialog.getByRole('checkbox', { name: 'Force conflicts' }).check();
    await dialog.getByRole('table', { name: 'Sync plan' }).waitFor();
    await screenshots(page, '15-sync-with-problem');
    await dialog.getByRole('button', { name: /^Sync/ }).last().click();
    await finishSync(dialog, 'sync with a broken file');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    // The point here is that the sync went through; readiness is the cluster's pace.
    await waitForResource(page, 'Deployment', 'guestbook-ui', /, Synced, /, 'Deployment synced back', 30_000);
    expect(
      await kubectl(
        kubectlPath,
        kubeconfig,
        'get',
        'deployment/guestbook-ui',
        '-n',
        ns,
        '-o',
        'jsonpath={.spec.replicas}',
      ),
    ).toBe('1');
  });

  it('4. a Secret value never reaches the page', async () => {
    const repoPath = (await firstApp(web)).repoPath;
    const secretValue = 'pl41n-s3cr3t-value';
    const encoded = Buffer.from(secretValue).toString('base64');
    await writeFile(
      join(repoPath, 'secret.yaml'),
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: guestbook-secret\n  namespace: ${ns}\ntype: Opaque\ndata:\n  password: ${encoded}\nstringData:\n  token: ${secretValue}-token\n`,
    );
    // Committed outside the UI: the point here is the cluster side, not the author's own file.
    await sandbox.git(repoPath, 'add', 'secret.yaml', 'broken.yaml');
    await sandbox.git(repoPath, 'rm', '-q', '--cached', 'broken.yaml');
    await sandbox.git(repoPath, 'commit', '-q', '-m', 'Add a Secret, drop the broken file');
    await waitUntil(
      'Secret listed',
      async () => (await resourceItem(page, 'Secret', 'guestbook-secret').count()) === 1,
      20_000,
    );
    const dialog = await openSyncAndRun('sync with a Secret');
    await dialog.getByRole('button', { name: /^Sync/ }).last().click();
    await finishSync(dialog, 'sync with a Secret');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await resourceItem(page, 'Secret', 'guestbook-secret').click();
    const details = page.getByRole('region', { name: /^Details of Secret/ });
    await details.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await screenshots(page, '16-secret-masked');
    const text = await pageText(page);
    const html = await page.content();
    for (const leak of [secretValue, encoded]) {
      expect(text.includes(leak), `page text shows ${leak}`).toBe(false);
      expect(html.includes(leak), `page DOM holds ${leak}`).toBe(false);
    }
  });

  it('5. nothing typed is lost: leave asks, a reload restores; keyboard quick-open and splitter', async () => {
    const repoPath = (await firstApp(web)).repoPath;
    await page
      .getByRole('button', { name: 'Close details' })
      .click()
      .catch(() => {});
    await page.locator('body').press('Control+p');
    const quick = page.getByRole('dialog', { name: 'Go to file' });
    await quick.getByRole('combobox', { name: 'File name' }).fill('configmap');
    await quick
      .getByRole('option', { name: /configmap\.yaml/ })
      .first()
      .waitFor();
    await quick.getByRole('combobox', { name: 'File name' }).press('Enter');
    const editor = page.getByRole('region', { name: 'Editor' });
    await waitUntil('configmap.yaml open', async () => (await editor.innerText()).includes('configmap.yaml'));
    await editor.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('# kept across reloads');
    await page.keyboard.press('Escape');
    await editor.getByRole('img', { name: 'Unsaved changes' }).waitFor();
    await page.waitForTimeout(400);

    await page
      .getByRole('tree', { name: 'Files' })
      .getByRole('treeitem', { name: /^deployment\.yaml/ })
      .click();
    const leave = page.getByRole('dialog', { name: 'Unsaved changes' });
    await leave.getByRole('button', { name: 'Cancel' }).click();
    await leave.waitFor({ state: 'detached' });
    expect(await editor.innerText()).toContain('configmap.yaml');

    await page.reload();
    await page
      .getByRole('status')
      .filter({ hasText: 'Restored unsaved changes' })
      .waitFor({ timeout: 20_000 });
    await page
      .getByRole('tree', { name: 'Files' })
      .getByRole('treeitem', { name: /^configmap\.yaml, .*unsaved changes/ })
      .waitFor();
    timings.mark('unsaved edit restored after reload');
    await screenshots(page, '17-restored-unsaved');
    await page.locator('body').press('Control+s');
    await editor.getByRole('img', { name: 'Unsaved changes' }).waitFor({ state: 'detached' });
    expect(await readFile(join(repoPath, 'configmap.yaml'), 'utf8')).toContain('# kept across reloads');

    const splitter = page.getByRole('separator', { name: /Resize/ });
    const before = Number(await splitter.getAttribute('aria-valuenow'));
    await splitter.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(before - 4);

    await page.getByRole('button', { name: 'Add app' }).click();
    const add = page.getByRole('dialog', { name: 'Add app' });
    await add.getByRole('combobox', { name: 'Kubeconfig context' }).waitFor();
    await add.getByRole('combobox', { name: 'Repository folder' }).fill('/tmp');
    await page.waitForTimeout(300);
    await screenshots(page, '18-add-app');
    await page.keyboard.press('Escape');
    await add.waitFor({ state: 'detached' });
  });
});
