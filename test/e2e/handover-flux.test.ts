import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDispatcher } from '../../src-main/api/dispatcher';
import type { RequestName } from '../../src-shared/api';
import {
  createSandbox,
  startGitHttpServer,
  writeFiles,
  type GitHttpServer,
  type Sandbox,
} from '../support/git-fixtures';
import { adminContext, deployment, namespaceYaml, uniqueSuffix } from '../support/kube-fixtures';
import { startWebApp, type WebApp } from '../support/web-harness';
import { kubectl, resourceItem, screenshots, waitForAllResources, waitUntil } from './ui-helpers';

// Acceptance for pull mode: a desktop-synced app handed over to the real Flux controllers through
// the page, then an edit pushed with "Push & reconcile" and applied by kustomize-controller.
const flux = inject('flux');
const kubeconfig = inject('kubeconfig');
const kubectlPath = inject('kubectl');
const ns = `flux-e2e-${uniqueSuffix()}`;
const name = `shop-${ns}`;

describe.skipIf(!flux)('hand-over to Flux in the browser', () => {
  let web: WebApp;
  let page: Page;
  let sandbox: Sandbox;
  let server: GitHttpServer;
  let desk: string;
  let appId: string;
  const k = (...args: string[]) => kubectl(kubectlPath, kubeconfig, ...args);

  async function call(name: RequestName, params: unknown): Promise<unknown> {
    const r = await createDispatcher(web.core.handlers)(name, params);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.result;
  }

  beforeAll(async () => {
    sandbox = await createSandbox({ name: 'E2E Tester', email: 'e2e@example.test' });
    const remotes = await sandbox.dir('remotes');
    await sandbox.git(remotes, 'init', '-q', '--bare', '-b', 'main', 'shop.git');
    server = await startGitHttpServer(sandbox, remotes);
    desk = join(sandbox.root, 'desk');
    await sandbox.git(sandbox.root, 'clone', '-q', `${server.url}/shop.git`, desk);
    await sandbox.git(desk, 'checkout', '-q', '-b', 'main');
    await writeFiles(desk, { 'app/ns.yaml': namespaceYaml(ns), 'app/web.yaml': deployment('web', ns, 1) });
    await sandbox.git(desk, 'add', '-A');
    await sandbox.git(desk, 'commit', '-q', '-m', 'Initial manifests');
    await sandbox.git(desk, 'push', '-q', '-u', 'origin', 'main');
    web = await startWebApp({ kubeconfig, env: sandbox.env });
    page = web.page;
    const app = (await call('apps.add', {
      name,
      repoPath: desk,
      appPath: 'app',
      context: adminContext,
      namespace: ns,
    })) as { id: string };
    appId = app.id;
    await page.reload();
  });

  afterAll(async () => {
    await web?.close();
    await k(
      'delete',
      'kustomization,gitrepository',
      '-n',
      'flux-system',
      name,
      '--ignore-not-found',
      '--wait=false',
    ).catch(() => '');
    await k('delete', 'namespace', ns, '--ignore-not-found', '--wait=false').catch(() => '');
    await server?.close();
    await sandbox?.cleanup();
  });

  it('hands over (commit + apply), keeps uids, and applies an edit on Push & reconcile', async () => {
    await page
      .getByRole('navigation', { name: 'Apps' })
      .getByRole('button', { name: new RegExp(`^${name}`) })
      .click();
    const toolbar = page.getByRole('toolbar', { name: 'App actions' });
    await toolbar.getByRole('button', { name: 'Sync', exact: true }).click();
    const sync = page.getByRole('dialog', { name: /^Sync / });
    await sync.getByRole('table', { name: 'Sync plan' }).waitFor({ timeout: 30_000 });
    await sync.getByRole('button', { name: 'Sync', exact: true }).click();
    await sync.getByText(/^Sync succeeded/).waitFor({ timeout: 90_000 });
    await sync.getByRole('button', { name: 'Close', exact: true }).click();
    await waitForAllResources(
      page,
      'desktop-synced',
      /, Synced, Healthy/,
      ['Namespace', 'Deployment'],
      90_000,
    );
    const uid = await k('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.metadata.uid}');

    await toolbar.getByText('More').click();
    await page.getByRole('button', { name: 'Hand over to Flux…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Hand over to Flux' });
    // The dialog fills its fields from the core's first preview; type over them after that.
    await waitUntil(
      'the default name filled in',
      async () => (await dialog.getByRole('textbox', { name: 'Name', exact: true }).inputValue()) !== '',
    );
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    await dialog.getByRole('textbox', { name: 'Interval' }).fill('1m');
    await dialog.getByRole('textbox', { name: 'Repository folder for the file' }).fill('clusters/dev');
    await waitUntil('the generated objects in the diff', async () =>
      (await dialog.innerText()).includes(`clusters/dev/${name}-flux.yaml`),
    );
    await screenshots(page, '30-handover-flux');
    await dialog.getByRole('button', { name: 'Hand over', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });

    const bar = page.getByRole('region', { name: 'Flux status' });
    await bar.waitFor();
    await toolbar.getByRole('button', { name: 'Push & reconcile' }).click();
    const head = await sandbox.git(desk, 'rev-parse', 'HEAD');
    await waitUntil(
      'Flux Ready at the hand-over commit',
      async () => {
        const text = await bar.innerText();
        return text.includes('Ready') && text.includes(`applied ${head.slice(0, 7)}`) ? true : text;
      },
      120_000,
      250,
    );
    expect(await k('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.metadata.uid}')).toBe(uid);

    // Edit replicas, commit, Push & reconcile: Flux applies it; the desktop shows it within seconds.
    await call('repo.writeFile', { appId, path: 'web.yaml', content: deployment('web', ns, 2) });
    await call('repo.commit', { appId, paths: ['web.yaml'], message: 'Two replicas' });
    const edited = await sandbox.git(desk, 'rev-parse', 'HEAD');
    const clicked = Date.now();
    await toolbar.getByRole('button', { name: 'Push & reconcile' }).click();
    await waitUntil(
      'Flux Ready at the edit, Deployment Synced',
      async () => {
        const text = await bar.innerText();
        const row = (await resourceItem(page, 'Deployment', 'web').getAttribute('aria-label')) ?? '';
        return text.includes('Ready') &&
          text.includes(`applied ${edited.slice(0, 7)}`) &&
          /, Synced,/.test(row)
          ? true
          : `${text} | ${row}`;
      },
      60_000,
      100,
    );
    const took = Date.now() - clicked;
    console.log(`flux e2e: click to Flux Ready + Deployment Synced in ${took} ms`);
    expect(took).toBeLessThan(15_000);
    await screenshots(page, '31-pull-mode');
    expect(await k('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}')).toBe('2');
    const managers = await k(
      'get',
      'deploy',
      'web',
      '-n',
      ns,
      '--show-managed-fields',
      '-o',
      'jsonpath={.metadata.managedFields[*].manager}',
    );
    expect(managers.split(' ')).toContain('kustomize-controller');
    expect(await k('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.metadata.uid}')).toBe(uid);
  });
});
