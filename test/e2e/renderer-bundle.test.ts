import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererDir } from '../support/web-harness';

// The renderer runs with no Node access; a Node built-in that slipped into its bundle would fail
// at run time in Electron's sandbox. Checked on the real build output.
async function jsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && /\.m?js$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

describe('renderer bundle', () => {
  it('contains no import or require of a Node built-in or electron', async () => {
    const files = await jsFiles(rendererDir);
    expect(files.length).toBeGreaterThan(0);
    const names = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron'].map((n) =>
      n.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&'),
    );
    const importOf = new RegExp(
      `(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\brequire\\s*\\(\\s*)["'](?:${names.join('|')})["']`,
    );
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      const match = importOf.exec(text);
      expect(match?.[0], `${file} imports a Node built-in`).toBeUndefined();
    }
  });
});
