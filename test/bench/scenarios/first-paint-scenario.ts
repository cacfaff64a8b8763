import { join } from 'node:path';
import { generateRepo } from '../generate-repo';
import type { Row } from '../results';
import { startWebApp, type WebApp } from '../../support/web-harness';
import { errorText, namespace, Series, type BenchContext } from './bench-context';

/** The page's globals the init script uses (this file compiles without the DOM library). */
interface PageGlobal {
  gitopsBenchAppsInteractive?: number;
  document: { querySelectorAll(selector: string): { length: number } };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { childList: boolean; subtree: boolean }): void;
    disconnect(): void;
  };
  requestAnimationFrame(callback: () => void): void;
  performance: { now(): number };
}

/**
 * Runs in the page before any of its scripts, on every navigation: notes the page's own clock
 * (milliseconds since the navigation started) in the animation frame that first paints all
 * `expected` app entries of the sidebar. The page's clock leaves out the time the benchmark needs
 * to talk to the browser.
 */
function watchAppList(expected: number): void {
  const page = globalThis as unknown as PageGlobal;
  const observer = new page.MutationObserver(() => {
    const items = page.document.querySelectorAll('nav[aria-label="Apps"] button.app-item');
    if (items.length < expected) return;
    observer.disconnect();
    page.requestAnimationFrame(() => {
      page.gitopsBenchAppsInteractive = page.performance.now();
    });
  });
  observer.observe(page.document, { childList: true, subtree: true });
}

async function appListInteractive(web: WebApp, timeoutMs: number): Promise<number> {
  const handle = await web.page.waitForFunction(
    () => (globalThis as unknown as PageGlobal).gitopsBenchAppsInteractive,
    undefined,
    { timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

async function openWithApps(ctx: BenchContext, apps: number): Promise<WebApp> {
  const ns = await namespace(ctx, 'bench-first-paint');
  const web = await startWebApp({ kubeconfig: ctx.cluster.kubeconfig });
  try {
    for (let i = 1; i <= apps; i++) {
      const name = `first-paint-${String(i).padStart(2, '0')}`;
      const repo = await generateRepo({ dir: join(ctx.workDir, name), resources: 10, commits: 1 });
      await web.core.handlers['apps.add']({
        name,
        repoPath: repo.dir,
        appPath: '',
        context: ctx.cluster.context,
        namespace: ns,
      });
    }
    await web.context.addInitScript(watchAppList, apps);
    const cdp = await web.context.newCDPSession(web.page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    // Not timed: the first load with the apps in place, so every timed run starts alike.
    await web.page.reload();
    await appListInteractive(web, 120_000);
    return web;
  } catch (err) {
    await web.close();
    throw err;
  }
}

/** A click on the last entry selects it: the list is not only painted but handles input. */
async function checkResponds(web: WebApp): Promise<void> {
  const entry = web.page.locator('nav[aria-label="Apps"] button.app-item').last();
  await entry.click({ timeout: 30_000 });
  const handle = await entry.elementHandle();
  await web.page.waitForFunction((el) => el?.getAttribute('aria-current') === 'page', handle, {
    timeout: 30_000,
  });
}

/**
 * Browser mode in Chromium: from opening the URL to the app list being interactive, with `apps`
 * apps registered. The page is opened through the e2e harness (its sign-in included), the apps
 * are added, and every run reloads that tab with the HTTP cache disabled, so each run fetches
 * the whole renderer as a first visit does. The figure is the page's own clock in the frame that
 * paints the last app entry; afterwards a click on an entry proves the list responds.
 */
export async function firstPaintScenario(ctx: BenchContext, apps: number): Promise<Row> {
  const ours = new Series();
  let web: WebApp | undefined;
  try {
    const opened = (web = await openWithApps(ctx, apps));
    for (let run = 0; run < ctx.runs; run++) {
      await ours.add(async () => {
        await opened.page.reload();
        return appListInteractive(opened, 60_000);
      });
    }
    if (ours.error === undefined) await checkResponds(opened);
  } catch (err) {
    ours.error ??= errorText(err);
  } finally {
    await web?.close();
  }
  const errors = web?.pageErrors ?? [];
  return {
    n: apps,
    ours: ours.result(),
    ...(errors.length ? { note: `the page reported: ${errors.slice(0, 3).join(' | ')}` } : {}),
  };
}
