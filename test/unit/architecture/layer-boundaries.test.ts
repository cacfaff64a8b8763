import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of docs/architecture.md are enforced by `npm run lint`; this proves the rules
// fire on the imports they exist to stop (and stay quiet on allowed ones).
const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (
    (result?.messages ?? [])
      // src-main uses typescript-eslint's variant of the rule (it can allow type-only imports).
      .filter(
        (m) => /^(@typescript-eslint\/)?no-restricted-imports$/.test(m.ruleId ?? '') && m.severity === 2,
      )
      .map((m) => m.message)
  );
}

describe('layer boundaries', () => {
  it.each([
    ["import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;", 'src-renderer/features/x.ts'],
    [
      "import { readFile } from 'node:fs/promises';\nexport const x = readFile;",
      'src-renderer/features/x.ts',
    ],
    ["import { readFile } from 'fs';\nexport const x = readFile;", 'src-renderer/x.tsx'],
    ["import path from 'path';\nexport const x = path;", 'src-renderer/x.ts'],
    ["import git from 'isomorphic-git';\nexport const x = git;", 'src-renderer/x.ts'],
    [
      "import { KubeConfig } from '@kubernetes/client-node';\nexport const x = KubeConfig;",
      'src-renderer/x.ts',
    ],
    ["import { createCore } from '../src-main/compose';\nexport const x = createCore;", 'src-renderer/x.ts'],
    ["import { app } from 'electron';\nexport const x = app;", 'src-main/core/repo/x.ts'],
    ["import { app } from 'electron';\nexport const x = app;", 'src-main/api/x.ts'],
    // client-node's index loads its whole generated API client: the core uses core/cluster/kube-config.
    [
      "import { KubeConfig } from '@kubernetes/client-node';\nexport const x = KubeConfig;",
      'src-main/core/cluster/x.ts',
    ],
    ["import { readFile } from 'node:fs';\nexport const x = readFile;", 'src-shared/x.ts'],
    ["import { app } from 'electron';\nexport const x = app;", 'src-shared/x.ts'],
  ])('rejects %j in %s', async (code, file) => {
    expect(await restrictedImportErrors(code, file)).not.toEqual([]);
  });

  it.each([
    ["import { app } from 'electron';\nexport const x = app;", 'src-main/electron/x.ts'],
    ["import { readFile } from 'node:fs/promises';\nexport const x = readFile;", 'src-main/core/repo/x.ts'],
    [
      "import type { KubeConfig } from '@kubernetes/client-node';\nexport type X = KubeConfig;",
      'src-main/core/cluster/x.ts',
    ],
    ["import type { AppState } from '../src-shared/model';\nexport type X = AppState;", 'src-renderer/x.ts'],
  ])('allows %j in %s', async (code, file) => {
    expect(await restrictedImportErrors(code, file)).toEqual([]);
  });
});
