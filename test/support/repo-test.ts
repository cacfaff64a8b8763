import { afterAll, beforeAll } from 'vitest';
import { startTestCore, type TestCore } from './core-client';
import { createSandbox, type Sandbox } from './git-fixtures';

export interface RepoTest {
  sandbox: Sandbox;
  core: TestCore;
}

/** One test file's setup for the repository side: a git sandbox (own HOME) and the core using it. */
export function useRepoTest(): RepoTest {
  const r = {} as RepoTest;
  beforeAll(async () => {
    r.sandbox = await createSandbox();
    r.core = await startTestCore({ env: r.sandbox.env });
  });
  afterAll(async () => {
    await r.core?.close();
    await r.sandbox?.cleanup();
  });
  return r;
}
