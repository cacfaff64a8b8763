import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

/**
 * Finds an Electron binary without triggering Electron's lazy download (which needs GitHub).
 * @returns {Promise<{ path: string } | { path: null, reason: string }>}
 */
export async function findElectronBinary(env = process.env) {
  if (env.ELECTRON_PATH) {
    try {
      await access(env.ELECTRON_PATH, constants.X_OK);
      return { path: env.ELECTRON_PATH };
    } catch {
      return { path: null, reason: `ELECTRON_PATH=${env.ELECTRON_PATH} is not an executable file` };
    }
  }
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed (run npm install)' };
  }
  let relative;
  try {
    relative = (await readFile(join(packageDir, 'path.txt'), 'utf8')).trim();
  } catch {
    return {
      path: null,
      reason:
        'no Electron binary has been downloaded (node_modules/electron/dist is empty; Electron fetches it from GitHub on first start). Set ELECTRON_PATH to an Electron executable',
    };
  }
  const binary = join(packageDir, 'dist', relative);
  try {
    await access(binary, constants.X_OK);
    return { path: binary };
  } catch {
    return { path: null, reason: `${binary} is missing. Set ELECTRON_PATH to an Electron executable` };
  }
}
