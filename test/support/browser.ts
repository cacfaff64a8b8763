/**
 * The one place that picks the Chromium the e2e tests, the Monaco suite and the benchmark drive.
 *
 * Order: `CHROMIUM_PATH`; then a system Chromium or Chrome (the usual install locations on Linux
 * and macOS, then PATH); then the Chromium shipped inside the `@sparticuz/chromium` dev dependency
 * (Linux x64 only), unpacked once into `.cache/browser/`. That package carries the browser in its
 * own tarball, so `npm install` brings it without a download step that proxies or offline machines
 * would break.
 *
 * Plain Node with erasable types only: scripts/test.mjs imports this file directly (Node's type
 * stripping) to check for a browser before anything slow starts.
 */
import { spawnSync } from 'node:child_process';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { access, chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';

const repoRoot = resolve(import.meta.dirname, '../..');
const bundledPackage = '@sparticuz/chromium';

export type BrowserSource = 'CHROMIUM_PATH' | 'system' | 'bundled';

/** A browser that is there (cheap to find: no unpacking, no process started). */
export interface FoundBrowser {
  source: BrowserSource;
  /** The executable; for the bundled browser, where it is (or will be) unpacked. */
  executablePath: string;
  /** Bundled only: the package's folder of brotli files, and the version unpacked from it. */
  packageBin?: string;
  version?: string;
}

/** A browser ready to launch: the executable and what its environment needs on top of ours. */
export interface Browser extends FoundBrowser {
  env: Record<string, string>;
}

/** No browser, with the one-line fix for the person running the tests. */
export class BrowserMissing extends Error {
  override name = 'BrowserMissing';
}

/**
 * `GITOPS_TEST_BROWSER=system|bundled` limits the search to one kind (to test the bundled browser
 * on a machine that has Chromium installed, or to insist on the system's); unset means any.
 */
function allowed(env: NodeJS.ProcessEnv, source: 'system' | 'bundled'): boolean {
  const only = env.GITOPS_TEST_BROWSER;
  return !only || only === source;
}

function systemCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
  const fixed =
    platform === 'darwin'
      ? [
          '/Applications/Chromium.app/Contents/MacOS/Chromium',
          '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
          join(homedir(), 'Applications/Chromium.app/Contents/MacOS/Chromium'),
          join(homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
        ]
      : [
          '/usr/bin/chromium',
          '/usr/bin/chromium-browser',
          '/usr/bin/google-chrome',
          '/usr/bin/google-chrome-stable',
          '/opt/google/chrome/chrome',
          '/snap/bin/chromium',
        ];
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => names.map((name) => join(dir, name)));
  return [...new Set([...fixed, ...onPath])];
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function bundledLocation(): Promise<{ packageBin: string; version: string } | null> {
  let entry: string;
  try {
    entry = createRequire(join(repoRoot, 'package.json')).resolve(bundledPackage);
  } catch {
    return null;
  }
  // The package exports only its entry point (build/index.js); its files sit one level up.
  const packageDir = resolve(dirname(entry), '..');
  const { version } = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const packageBin = join(packageDir, 'bin');
  try {
    await access(join(packageBin, 'chromium.br'));
  } catch {
    return null;
  }
  return { packageBin, version };
}

function unpackDir(version: string): string {
  return join(repoRoot, '.cache/browser', `chromium-${version}`);
}

function installHint(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'install Google Chrome or Chromium (`brew install --cask chromium`)';
  return 'install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`, Fedora: `sudo dnf install chromium`)';
}

/**
 * Finds a browser in the documented order without starting or unpacking anything (milliseconds).
 * Throws BrowserMissing with the exact fix when there is none.
 */
export async function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): Promise<FoundBrowser> {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    // A path the user gave is never silently replaced by another browser.
    if (await isExecutableFile(explicit)) return { source: 'CHROMIUM_PATH', executablePath: explicit };
    throw new BrowserMissing(
      `Browser: CHROMIUM_PATH=${explicit} is not an executable file; point it at chromium/chrome or unset it.`,
    );
  }
  if (allowed(env, 'system')) {
    for (const candidate of systemCandidates(env, platform)) {
      if (await isExecutableFile(candidate)) return { source: 'system', executablePath: candidate };
    }
  }
  if (allowed(env, 'bundled')) {
    const bundled = await bundledLocation();
    if (bundled && platform === 'linux' && arch === 'x64') {
      return {
        source: 'bundled',
        executablePath: join(unpackDir(bundled.version), 'chromium'),
        ...bundled,
      };
    }
    if (!bundled && platform === 'linux' && arch === 'x64') {
      throw new BrowserMissing(
        `Browser: no Chromium found and ${bundledPackage} is not installed; run \`npm install\`, ${installHint(platform)}, or set CHROMIUM_PATH.`,
      );
    }
  }
  const where =
    env.GITOPS_TEST_BROWSER === 'system'
      ? ' (GITOPS_TEST_BROWSER=system)'
      : platform === 'linux' && arch === 'x64'
        ? ''
        : ` (the npm-shipped Chromium is for Linux x64 only, this is ${platform}-${arch})`;
  throw new BrowserMissing(
    `Browser: no Chromium or Chrome found${where}; ${installHint(platform)}, or set CHROMIUM_PATH=/path/to/chrome.`,
  );
}

async function unpackFile(source: string, target: string, mode: number): Promise<void> {
  await pipeline(createReadStream(source), createBrotliDecompress(), createWriteStream(target, { mode }));
}

/**
 * The package's tarballs are small (fonts, GL and NSS libraries: a few MB) and plain ustar with
 * regular files and folders, so a few lines read them without another dependency.
 */
async function unpackTar(source: string, targetDir: string): Promise<void> {
  const tar = await promisify(brotliDecompress)(await readFile(source));
  const text = (from: number, length: number) =>
    tar.toString('utf8', from, from + length).replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length;) {
    const name = text(at, 100);
    if (!name) break;
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const mode = parseInt(text(at + 100, 8).trim() || '644', 8) & 0o777;
    const type = text(at + 156, 1) || '0';
    const prefix = text(at + 257, 6).startsWith('ustar') ? text(at + 345, 155) : '';
    const rel = normalize(prefix ? `${prefix}/${name}` : name);
    const body = at + 512;
    at = body + Math.ceil(size / 512) * 512;
    if (isAbsolute(rel) || rel.startsWith('..')) throw new Error(`${source}: unsafe path ${rel}`);
    const target = join(targetDir, rel);
    if (type === '5') {
      await mkdir(target, { recursive: true });
    } else if (type === '0') {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, tar.subarray(body, body + size));
      await chmod(target, mode);
    }
    // Anything else (pax headers, links) does not occur in these archives and is skipped.
  }
}

/**
 * Unpacks the bundled Chromium (about 3 s, once per package version): the browser, SwiftShader's GL
 * libraries beside it (where Chromium looks for them), the package's fonts, and the NSS libraries
 * it ships for systems without them. Unpacked into a temporary folder and renamed into place, so
 * suites starting in parallel never see half a binary.
 */
async function unpack(found: FoundBrowser): Promise<void> {
  const dir = dirname(found.executablePath);
  if (await isExecutableFile(found.executablePath)) return;
  const bin = found.packageBin!;
  const temp = `${dir}.partial-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  try {
    await Promise.all([
      unpackFile(join(bin, 'chromium.br'), join(temp, 'chromium'), 0o755),
      unpackTar(join(bin, 'swiftshader.tar.br'), temp),
      unpackTar(join(bin, 'fonts.tar.br'), temp),
      unpackTar(join(bin, 'al2023.tar.br'), temp),
    ]);
    // Our own fontconfig file: the system's fonts when there are any, plus the package's Open Sans,
    // with a cache of our own (the package's file points at Lambda's folders).
    await writeFile(
      join(temp, 'fonts.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        `  <dir>${join(dir, 'fonts')}</dir>`,
        `  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    await rename(temp, dir).catch(async (err: NodeJS.ErrnoException) => {
      // Another process finished first: its copy is as good as ours.
      if (!(await isExecutableFile(found.executablePath))) throw err;
    });
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Runs `--version`; null when it started, else what went wrong. */
function probe(executable: string, env: Record<string, string>): string | null {
  const result = spawnSync(executable, ['--version'], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (result.error) return result.error.message;
  if (result.status === 0) return null;
  return (result.stderr || result.stdout || `exit ${result.status}`).trim().split('\n')[0] ?? '';
}

/**
 * The environment the bundled Chromium needs: our fontconfig file, and the package's NSS libraries
 * only where the system has none (Chromium's own dependencies, present wherever a browser was
 * ever installed, are preferred).
 */
function bundledEnv(found: FoundBrowser): Record<string, string> {
  const dir = dirname(found.executablePath);
  const env: Record<string, string> = { FONTCONFIG_FILE: join(dir, 'fonts.conf') };
  const plain = probe(found.executablePath, env);
  if (plain === null) return env;
  const withLibs = {
    ...env,
    LD_LIBRARY_PATH: [join(dir, 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
  };
  const second = probe(found.executablePath, withLibs);
  if (second === null) return withLibs;
  throw new BrowserMissing(
    `Browser: the npm-shipped Chromium (${found.executablePath}) does not start here: ${second}; ${installHint(process.platform)}, or set CHROMIUM_PATH.`,
  );
}

let ready: Promise<Browser> | undefined;

/** The browser to launch, unpacked and checked if it is the bundled one. Memoised per process. */
export function resolveBrowser(): Promise<Browser> {
  ready ??= (async () => {
    const found = await findBrowser();
    if (found.source !== 'bundled') return { ...found, env: {} };
    await unpack(found);
    return { ...found, env: bundledEnv(found) };
  })();
  return ready;
}

/** One line for logs: which browser and why. */
export function describeBrowser(b: FoundBrowser): string {
  if (b.source === 'bundled') return `${bundledPackage} ${b.version} (${b.executablePath})`;
  return `${b.executablePath} (${b.source === 'system' ? 'system' : 'CHROMIUM_PATH'})`;
}
