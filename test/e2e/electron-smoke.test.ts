import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../scripts/electron-binary.mjs';
import { repoRoot } from '../support/web-harness';

// Runs only where an Electron binary exists (ELECTRON_PATH, or one downloaded into
// node_modules/electron). Elsewhere it is reported as skipped, with the reason in its name.
const electron = await findElectronBinary();
const title =
  'reason' in electron
    ? `skipped: ${electron.reason}`
    : 'opens the desktop window and completes an API round trip over IPC';

describe('Electron smoke test', () => {
  let xvfb: ChildProcess | undefined;
  afterAll(() => {
    xvfb?.kill();
  });

  it.skipIf(!electron.path)(title, async () => {
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    if (!env.DISPLAY) {
      xvfb = spawn('Xvfb', [':97', '-screen', '0', '1440x900x24'], { stdio: 'ignore' });
      env.DISPLAY = ':97';
      await new Promise((r) => setTimeout(r, 1000));
    }
    const app = await _electron.launch({
      executablePath: electron.path!,
      args: [join(repoRoot, 'out/main/index.js')],
      env,
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(await page.title()).toBe('GitOps Desktop');
      const reply = await page.evaluate(() => {
        const bridge = (globalThis as { gitopsDesktop?: { invoke(n: string, p: unknown): Promise<unknown> } })
          .gitopsDesktop;
        return bridge?.invoke('system.ping', { message: 'smoke' });
      });
      expect(reply).toMatchObject({ ok: true, result: { message: 'smoke' } });
      // The renderer has no Node: require and process are not there.
      expect(await page.evaluate(() => typeof (globalThis as Record<string, unknown>).require)).toBe(
        'undefined',
      );
    } finally {
      await app.close();
    }
  });
});
