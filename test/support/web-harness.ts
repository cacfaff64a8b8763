import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AppSummary } from '../../src-shared/model';
import { createCore, type Core, type CoreOptions } from '../../src-main/compose';
import { createDispatcher } from '../../src-main/api/dispatcher';
import { startWebServer, type WebServer } from '../../src-main/server/web-server';
import { resolveBrowser } from './browser';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const rendererDir = join(repoRoot, 'out/renderer');

export interface WebApp {
  core: Core;
  server: WebServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  userDataDir: string;
  /** Messages the page logged as errors (uncaught exceptions, console.error). */
  pageErrors: string[];
  close(): Promise<void>;
}

export interface WebAppOptions {
  /** KUBECONFIG for the core; defaults to the test control plane's. */
  kubeconfig?: string;
  env?: NodeJS.ProcessEnv;
  colorScheme?: 'light' | 'dark';
  core?: Partial<CoreOptions>;
  viewport?: { width: number; height: number };
}

/** Chromium as test/support/browser.ts picks it; fails at once, with the fix, when there is none. */
export async function launchChromium(): Promise<Browser> {
  const found = await resolveBrowser();
  return chromium.launch({
    executablePath: found.executablePath,
    env: { ...process.env, ...found.env },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/**
 * The real core and browser-mode server in this process, serving the built renderer, and a
 * Chromium page already signed in through the one-time token URL (its fragment's token is traded
 * by the page itself; see src-renderer/api/browser-session.ts).
 */
export async function startWebApp(options: WebAppOptions = {}): Promise<WebApp> {
  await access(join(rendererDir, 'index.html')).catch(() => {
    throw new Error('out/renderer is missing: run `npm run build` first (npm test does).');
  });
  const userDataDir = await mkdtemp(join(tmpdir(), 'gitops-desktop-e2e-'));
  const env = {
    ...process.env,
    ...options.env,
    ...(options.kubeconfig ? { KUBECONFIG: options.kubeconfig } : {}),
  };
  const core = await createCore({
    info: { name: 'GitOps Desktop', version: 'e2e', mode: 'browser', platform: process.platform },
    userDataDir,
    resourcesDir: join(repoRoot, 'resources'),
    env,
    tickSeconds: 2,
    ...options.core,
  });
  const server = await startWebServer({
    dispatch: createDispatcher(core.handlers),
    events: core.events,
    staticDir: rendererDir,
  });
  const browser = await launchChromium();
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? 'light',
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  await signInPage(page, server.url);
  return {
    core,
    server,
    browser,
    context,
    page,
    userDataDir,
    pageErrors,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
      await core.dispose();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The first registered app, straight from the core: for a test that then drives it through the page. */
export async function firstApp(web: WebApp): Promise<AppSummary> {
  const [first] = (await web.core.handlers['apps.list']({})).apps;
  if (!first) throw new Error('No app is registered yet');
  return first;
}

/** Opens a one-time sign-in URL and waits until the page holds its tab's session secret. */
export async function signInPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  type Storage = { getItem(key: string): string | null };
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { sessionStorage: Storage }).sessionStorage.getItem(
        'gitops-desktop.session',
      ) !== null,
    null,
    { timeout: 15_000 },
  );
}
