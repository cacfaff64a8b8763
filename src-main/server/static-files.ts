import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** Serves files of the built renderer only: the resolved real path must stay inside `root`. */
export class StaticFiles {
  private rootReal: Promise<string>;
  constructor(root: string) {
    this.rootReal = realpath(resolve(root)).catch(() => resolve(root));
  }

  async get(urlPath: string): Promise<StaticFile | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const root = await this.rootReal;
    const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
    const candidate = resolve(join(root, relative));
    if (candidate !== root && !candidate.startsWith(root + sep)) return null;
    try {
      const real = await realpath(candidate);
      if (!real.startsWith(root + sep)) return null;
      if (!(await stat(real)).isFile()) return null;
      return {
        body: await readFile(real),
        contentType: contentTypes[extname(real)] ?? 'application/octet-stream',
      };
    } catch {
      return null;
    }
  }
}
