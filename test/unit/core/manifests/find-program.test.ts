import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProgram } from '../../../../src-main/core/manifests/render-tools';

describe('findProgram', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gd-find-program-'));
    await writeFile(join(dir, 'kustomize'), '#!/bin/sh\necho planted\n');
    await chmod(join(dir, 'kustomize'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds a program through an absolute PATH entry', async () => {
    expect(await findProgram('kustomize', { PATH: `/nonexistent:${dir}` })).toBe(join(dir, 'kustomize'));
  });

  it('never through a relative one (a repository holding its own "kustomize" with "." on the PATH)', async () => {
    const rel = relative(process.cwd(), dir);
    expect(rel.startsWith('/')).toBe(false);
    expect(await findProgram('kustomize', { PATH: `${rel}:.` })).toBeNull();
  });
});
