import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserMissing, findBrowser } from '../../support/browser';

// Which browser the e2e tests get, decided on plain environments: the order is CHROMIUM_PATH,
// then the system's, then the npm-shipped one, and every dead end names its fix.
describe('findBrowser', () => {
  let dir: string;
  let fake: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gitops-browser-'));
    fake = join(dir, 'chromium');
    await writeFile(fake, '#!/bin/sh\necho Chromium 1.0\n');
    await chmod(fake, 0o755);
    await writeFile(join(dir, 'not-executable'), '');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes CHROMIUM_PATH first, even where a system browser exists', async () => {
    const found = await findBrowser({ CHROMIUM_PATH: fake, PATH: '/usr/bin:/bin' }, 'linux', 'x64');
    expect(found).toEqual({ source: 'CHROMIUM_PATH', executablePath: fake });
  });

  it('never swaps a CHROMIUM_PATH that does not work for another browser', async () => {
    const bad = join(dir, 'not-executable');
    await expect(findBrowser({ CHROMIUM_PATH: bad }, 'linux', 'x64')).rejects.toThrow(
      new BrowserMissing(
        `Browser: CHROMIUM_PATH=${bad} is not an executable file; point it at chromium/chrome or unset it.`,
      ),
    );
  });

  it('finds a browser on PATH by its usual names', async () => {
    // darwin: none of the fixed Linux locations are looked at, and the macOS ones do not exist here.
    const found = await findBrowser({ PATH: `/nonexistent:${dir}` }, 'darwin', 'arm64');
    expect(found).toEqual({ source: 'system', executablePath: fake });
  });

  it('falls back to the npm-shipped Chromium on Linux x64, unpacked under .cache/browser', async () => {
    const found = await findBrowser({ PATH: '', GITOPS_TEST_BROWSER: 'bundled' }, 'linux', 'x64');
    expect(found.source).toBe('bundled');
    expect(found.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(found.executablePath).toMatch(new RegExp(`\\.cache/browser/chromium-${found.version}/chromium$`));
    expect(found.packageBin).toMatch(/node_modules\/@sparticuz\/chromium\/bin$/);
  });

  it('says how to install one where nothing fits, naming why the npm-shipped one does not', async () => {
    await expect(findBrowser({ PATH: '' }, 'darwin', 'arm64')).rejects.toThrow(
      'Browser: no Chromium or Chrome found (the npm-shipped Chromium is for Linux x64 only, this is darwin-arm64); install Google Chrome or Chromium (`brew install --cask chromium`), or set CHROMIUM_PATH=/path/to/chrome.',
    );
    await expect(findBrowser({ PATH: '', GITOPS_TEST_BROWSER: 'system' }, 'darwin', 'x64')).rejects.toThrow(
      'Browser: no Chromium or Chrome found (GITOPS_TEST_BROWSER=system); install Google Chrome or Chromium (`brew install --cask chromium`), or set CHROMIUM_PATH=/path/to/chrome.',
    );
  });
});
