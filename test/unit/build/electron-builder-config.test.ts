import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// Packaging cannot run offline, so the configuration is checked against electron-builder's own
// schema instead, and the security fuses are pinned.
const root = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

async function loadConfig(): Promise<Record<string, unknown>> {
  return parse(await readFile(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's configuration schema", async () => {
    const schema = JSON.parse(
      await readFile(require.resolve('app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const valid = validate(await loadConfig());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(validate({ ...(await loadConfig()), notAnOption: true })).toBe(false);
  });

  it('targets AppImage, deb, dmg and nsis with the security fuses set', async () => {
    const config = await loadConfig();
    expect(config).toMatchObject({
      linux: { target: ['AppImage', 'deb'] },
      mac: { target: ['dmg'] },
      win: { target: ['nsis'] },
      electronFuses: {
        runAsNode: false,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        onlyLoadAppFromAsar: true,
        enableEmbeddedAsarIntegrityValidation: true,
      },
    });
  });
});
