import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SyncRun } from '../../src-shared/model';
import { createSandbox, type Sandbox } from '../support/git-fixtures';
import {
  adminContext,
  configMap,
  deployment,
  job,
  namespaceYaml,
  uniqueSuffix,
} from '../support/kube-fixtures';
import { startWebApp, type WebApp } from '../support/web-harness';
import {
  expectSyncSucceeded,
  kubectl,
  openSyncDialog,
  pageText,
  resourceItem,
  waitForResource,
  waitUntil,
} from './ui-helpers';

// The users' sequences, replayed in the browser against the real core, git and control plane.
describe('sync you can trust, in the browser', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;
  const kubeconfig = inject('kubeconfig');
  const kubectlPath = inject('kubectl');
  const k = (...args: string[]) => kubectl(kubectlPath, kubeconfig, ...args);
  const namespaces: string[] = [];

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    web = await startWebApp({ kubeconfig, env: sandbox.env, viewport: { width: 1440, height: 900 } });
    page = web.page;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail')
      console.log(`page text at failure:\n${await pageText(page).catch(() => '')}`);
    for (let i = 0; i < 3 && (await page.locator('dialog[open]').count()) > 0; i++)
      await page.keyboard.press('Escape');
  });

  afterAll(async () => {
    await web?.close();
    for (const ns of namespaces)
      await k('delete', 'namespace', ns, '--ignore-not-found', '--wait=false').catch(() => '');
    await sandbox?.cleanup();
  });

  async function newApp(
    name: string,
    ns: string,
    files: Record<string, string>,
    options = { prune: false, autoSync: false, selfHeal: false },
  ) {
    namespaces.push(ns);
    const dir = await sandbox.dir(name);
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    await sandbox.git(dir, 'init', '-q', '-b', 'main');
    await sandbox.git(dir, 'add', '.');
    await sandbox.git(dir, 'commit', '-q', '-m', 'Initial manifests');
    return web.core.handlers['apps.add']({
      name,
      repoPath: dir,
      appPath: '',
      context: adminContext,
      namespace: ns,
      options,
    });
  }

  function finished(appId: string, timeoutMs = 120_000): Promise<SyncRun> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no sync.finished')), timeoutMs);
      const off = web.core.events.subscribe((name, payload) => {
        if (name === 'sync.finished' && (payload as SyncRun).appId === appId) {
          clearTimeout(timer);
          off();
          resolve(payload as SyncRun);
        }
      });
    });
  }

  /** The app's first sync, started from the core: what the tests go on from. */
  async function firstSync(appId: string) {
    const first = finished(appId);
    await web.core.handlers['sync.start']({
      appId,
      options: { prune: false, force: false, applyAll: false },
      trigger: 'manual',
    });
    expect((await first).phase).toBe('Succeeded');
  }

  async function openApp(name: string) {
    await page
      .getByRole('navigation', { name: 'Apps' })
      .getByRole('button', { name: new RegExp(name) })
      .click();
  }

  const openSync = (): Promise<Locator> => openSyncDialog(page);

  it('broken deployment.yaml committed, Sync with Prune: Prune is refused with file:line, the Deployment keeps its uid', async () => {
    const ns = `e2e-typo-${uniqueSuffix()}`;
    const name = `typo-${ns}`;
    const app = await newApp(name, ns, {
      'ns.yaml': namespaceYaml(ns),
      'deployment.yaml': deployment('catalog', ns, 1),
    });
    await firstSync(app.id);
    const uid = await k('get', 'deployment', 'catalog', '-n', ns, '-o', 'jsonpath={.metadata.uid}');

    await page.reload();
    await openApp(name);
    const broken = deployment('catalog', ns, 1).replace('\n  replicas: 1', '\n   replicas: 1');
    await web.core.handlers['repo.writeFile']({ appId: app.id, path: 'deployment.yaml', content: broken });
    await web.core.handlers['repo.commit']({ appId: app.id, paths: ['deployment.yaml'], message: 'Typo' });

    const dialog = await openSync();
    const prune = dialog.getByRole('checkbox', { name: 'Prune' });
    await waitUntil('Prune disabled', async () => await prune.isDisabled());
    const why = dialog.getByRole('note', { name: 'Prune is off' });
    expect(await why.innerText()).toMatch(/deployment\.yaml:\d+/);
    await dialog.getByRole('button', { name: /^Sync( the rest)?$/ }).click();
    await dialog.getByText(/^Sync (succeeded|failed)/).waitFor({ timeout: 90_000 });
    expect(await dialog.getByRole('status', { name: 'Deleted by this sync' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    expect(await k('get', 'deployment', 'catalog', '-n', ns, '-o', 'jsonpath={.metadata.uid}')).toBe(uid);
    const history = await web.core.handlers['sync.history']({ appId: app.id, limit: 10 });
    expect(history.runs.some((r) => (r.deleted ?? []).length > 0)).toBe(false);
  });

  it('the same typo with auto-sync and prune on: nothing deleted, the page shows a notice saying why', async () => {
    const ns = `e2e-auto-${uniqueSuffix()}`;
    const name = `auto-${ns}`;
    const app = await newApp(
      name,
      ns,
      { 'ns.yaml': namespaceYaml(ns), 'deployment.yaml': deployment('catalog', ns, 1) },
      { prune: true, autoSync: true, selfHeal: false },
    );
    await firstSync(app.id);
    const uid = await k('get', 'deployment', 'catalog', '-n', ns, '-o', 'jsonpath={.metadata.uid}');
    await page.reload();
    await openApp(name);
    const auto = new Promise<SyncRun>((resolve) => {
      const off = web.core.events.subscribe((n, payload) => {
        if (
          n === 'sync.finished' &&
          (payload as SyncRun).appId === app.id &&
          (payload as SyncRun).trigger === 'auto-sync'
        ) {
          off();
          resolve(payload as SyncRun);
        }
      });
    });
    const broken = deployment('catalog', ns, 1).replace('\n  replicas: 1', '\n   replicas: 1');
    await web.core.handlers['repo.writeFile']({ appId: app.id, path: 'deployment.yaml', content: broken });
    await web.core.handlers['repo.commit']({ appId: app.id, paths: ['deployment.yaml'], message: 'Typo' });
    expect((await auto).deleted).toBeUndefined();
    await waitUntil(
      'notice on the page',
      async () => /auto-sync did not prune/.test(await pageText(page)),
      30_000,
      250,
    );
    expect(await pageText(page)).toMatch(/deployment\.yaml:\d+/);
    expect(await k('get', 'deployment', 'catalog', '-n', ns, '-o', 'jsonpath={.metadata.uid}')).toBe(uid);
  });

  it("a kind typo and a value the server refuses: the Commit dialog names both, and the kept Deployment shows why git's side is unknown", async () => {
    const ns = `e2e-verdict-${uniqueSuffix()}`;
    const name = `verdict-${ns}`;
    const app = await newApp(name, ns, {
      'ns.yaml': namespaceYaml(ns),
      'deployment.yaml': deployment('catalog', ns, 1),
    });
    await firstSync(app.id);
    const uid = await k('get', 'deployment', 'catalog', '-n', ns, '-o', 'jsonpath={.metadata.uid}');

    const typo = deployment('catalog', ns, 1).replace('kind: Deployment', 'kind: Deploymnet');
    const refused = deployment('api', ns, 1).replace('replicas: 1', 'replicas: -1');
    await web.core.handlers['repo.writeFile']({ appId: app.id, path: 'deployment.yaml', content: typo });
    await web.core.handlers['repo.writeFile']({ appId: app.id, path: 'api.yaml', content: refused });
    await page.reload();
    await openApp(name);
    await page
      .getByRole('toolbar', { name: 'App actions' })
      .getByRole('button', { name: /^Commit/ })
      .click();
    const commit = page.getByRole('dialog', { name: 'Commit changes' });
    const problems = commit.getByRole('alert', { name: 'Files with problems' });
    await problems.waitFor({ timeout: 30_000 });
    await waitUntil('the kind typo named', async () =>
      /deployment\.yaml:\d+.*Deploymnet/.test(await problems.innerText()),
    );
    const rejects = commit.getByRole('alert', { name: 'Objects the cluster rejects' });
    await rejects.waitFor({ timeout: 30_000 });
    expect(await rejects.innerText()).toMatch(/api\.yaml:\d+ Deployment api: .*replicas/);
    await commit.getByRole('textbox', { name: 'Commit message' }).fill('Rename the kind');
    await commit.getByRole('checkbox', { name: 'api.yaml' }).uncheck();
    // A file saved while the dialog is open is offered selected, as the ones before it were.
    await web.core.handlers['repo.writeFile']({
      appId: app.id,
      path: 'late.yaml',
      content: configMap('late', ns, { a: '1' }),
    });
    const late = commit.getByRole('checkbox', { name: 'late.yaml' });
    await late.waitFor({ timeout: 30_000 });
    await waitUntil('late.yaml selected', () => late.isChecked());
    expect(await commit.getByRole('checkbox', { name: 'api.yaml' }).isChecked()).toBe(false);
    await late.uncheck();
    await commit.getByRole('button', { name: 'Commit', exact: true }).click();
    await commit.waitFor({ state: 'detached', timeout: 20_000 });

    await waitForResource(page, 'Deployment', 'catalog', /, Unknown,/, 'the Deployment kept', 60_000);
    await resourceItem(page, 'Deployment', 'catalog').click();
    const why = page.getByRole('status', { name: 'Git side unknown' });
    await why.waitFor({ timeout: 30_000 });
    expect(await why.innerText()).toMatch(
      /^Manifest problem at deployment\.yaml:\d+: The cluster does not serve Deploymnet/,
    );
    expect(await k('get', 'deployment', 'catalog', '-n', ns, '-o', 'jsonpath={.metadata.uid}')).toBe(uid);
  });

  it('a changed selector: Recreate in the plan, then Sync: the Deployment is deleted and created again', async () => {
    const ns = `e2e-recreate-${uniqueSuffix()}`;
    const name = `recreate-${ns}`;
    const app = await newApp(name, ns, {
      'ns.yaml': namespaceYaml(ns),
      'web.yaml': deployment('web', ns, 1),
    });
    await firstSync(app.id);
    const uid = () => k('get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.metadata.uid}');
    const before = await uid();
    const relabelled = deployment('web', ns, 1).replaceAll('{ app: web }', '{ app: web-v2 }');
    await web.core.handlers['repo.writeFile']({ appId: app.id, path: 'web.yaml', content: relabelled });
    await web.core.handlers['repo.commit']({ appId: app.id, paths: ['web.yaml'], message: 'New selector' });

    await page.reload();
    await openApp(name);
    const dialog = await openSync();
    const recreate = dialog.getByRole('button', { name: `Recreate Deployment ${ns}/web` });
    await recreate.waitFor({ timeout: 30_000 });
    expect(await dialog.getByRole('table', { name: 'Sync plan' }).innerText()).toMatch(
      /`spec.selector` cannot change in place/,
    );
    await recreate.click();
    const note = dialog.getByRole('note', { name: 'Recreations' });
    await note.waitFor({ timeout: 30_000 });
    expect(await note.innerText()).toContain(`Deployment ${ns}/web`);
    await dialog.getByRole('button', { name: 'Sync', exact: true }).click();
    await expectSyncSucceeded(dialog);
    expect(await uid()).not.toBe(before);
    expect(
      await k('get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.spec.selector.matchLabels.app}'),
    ).toBe('web-v2');
  });

  it('a PreSync migration Job: the plan shows it before the Deployment, and after the Sync the tree lists it as a hook', async () => {
    const ns = `e2e-hook-${uniqueSuffix()}`;
    const name = `hook-${ns}`;
    const migrate = job('migrate', ns, { annotations: { 'argocd.argoproj.io/hook': 'PreSync' } });
    await newApp(name, ns, {
      'ns.yaml': namespaceYaml(ns),
      'migrate.yaml': migrate,
      'web.yaml': deployment('web', ns, 1),
    });
    await page.reload();
    await openApp(name);
    const dialog = await openSync();
    const table = dialog.getByRole('table', { name: 'Sync plan' });
    await waitUntil('the hook in the plan', async () =>
      /PreSync hook: runs before/.test(await table.innerText()),
    );
    const rows = await table.getByRole('row').allInnerTexts();
    const hookRow = rows.findIndex((r) => r.includes('Job') && r.includes('migrate'));
    const webRow = rows.findIndex((r) => r.includes('Deployment') && r.includes('web'));
    expect(hookRow).toBeGreaterThan(0);
    expect(webRow).toBeGreaterThan(hookRow);
    await dialog.getByRole('button', { name: 'Sync', exact: true }).click();
    await expectSyncSucceeded(dialog);
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await waitForResource(page, 'Job', 'migrate', /, PreSync hook, Healthy/, 'the hook listed', 60_000);
    const completed = Date.parse(
      await k('get', 'job', 'migrate', '-n', ns, '-o', 'jsonpath={.status.completionTime}'),
    );
    const created = Date.parse(
      await k('get', 'deployment', 'web', '-n', ns, '-o', 'jsonpath={.metadata.creationTimestamp}'),
    );
    expect(created).toBeGreaterThanOrEqual(completed);
  });

  it('kubectl scale, then one Sync click: replicas back to git', async () => {
    const ns = `e2e-scale-${uniqueSuffix()}`;
    const name = `scale-${ns}`;
    const app = await newApp(name, ns, {
      'ns.yaml': namespaceYaml(ns),
      'catalog.yaml': deployment('catalog', ns, 2),
    });
    await firstSync(app.id);
    await k('scale', 'deploy/catalog', '-n', ns, '--replicas=5');

    await page.reload();
    await openApp(name);
    const dialog = await openSync();
    await waitUntil('plan says it takes replicas back', async () =>
      (await dialog.getByRole('table', { name: 'Sync plan' }).innerText()).includes(
        'Takes `.spec.replicas` back from kubectl',
      ),
    );
    await dialog.getByRole('button', { name: 'Sync', exact: true }).click();
    await expectSyncSucceeded(dialog);
    expect(await k('get', 'deployment', 'catalog', '-n', ns, '-o', 'jsonpath={.spec.replicas}')).toBe('2');
  });

  it('an HPA owning replicas: the plan names the manager and the advice, and a Sync does not force it', async () => {
    const ns = `e2e-hpa-${uniqueSuffix()}`;
    const name = `hpa-${ns}`;
    const app = await newApp(name, ns, {
      'ns.yaml': namespaceYaml(ns),
      'shop.yaml': deployment('shop', ns, 1),
    });
    await firstSync(app.id);
    await k('autoscale', 'deployment', 'shop', '-n', ns, '--min=3', '--max=5', '--cpu-percent=80');
    const replicas = () => k('get', 'deployment', 'shop', '-n', ns, '-o', 'jsonpath={.spec.replicas}');
    await waitUntil('HPA scaled to 3', async () => (await replicas()) === '3', 90_000, 500);

    await page.reload();
    await openApp(name);
    const dialog = await openSync();
    const table = dialog.getByRole('table', { name: 'Sync plan' });
    const takeOver = table.getByRole('button', { name: 'Take over Deployment ' + ns + '/shop' });
    await takeOver.waitFor({ timeout: 30_000 });
    const text = await table.innerText();
    expect(text).toContain('kube-controller-manager');
    expect(text).toMatch(/Remove the field from git, or ignore it/);
    await dialog.getByRole('button', { name: /^Sync( the rest)?$/ }).click();
    await dialog.getByText(/^Sync (succeeded|failed)/).waitFor({ timeout: 90_000 });
    expect(await replicas()).toBe('3');
  });
});
