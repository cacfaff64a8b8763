import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function readPackageVersion(appRoot: string): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile(join(appRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
