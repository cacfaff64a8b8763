import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useClusterTest } from '../../support/cluster-test';
import { writeFiles } from '../../support/git-fixtures';
import { adminContext, configMap, namespaceYaml } from '../../support/kube-fixtures';

const root = resolve(import.meta.dirname, '../../..');

describe('Core.dispose', () => {
  const t = useClusterTest('dispose');

  /**
   * Runs fixtures/dispose-child.ts as its own process (the way the benchmark uses the core) and
   * resolves with its output, its exit code and how long it lived on after Core.dispose().
   */
  async function runChild(name: string, extraEnv: NodeJS.ProcessEnv = {}) {
    const repo = await t.sandbox.dir(name);
    const files: Record<string, string> = { 'ns.yaml': namespaceYaml(t.ns) };
    for (let i = 0; i < 40; i++) files[`cm-${i}.yaml`] = configMap(`${name}-${i}`, t.ns, { i: String(i) });
    await writeFiles(repo, files);
    await t.sandbox.git(repo, 'init', '-q', '-b', 'main');
    await t.sandbox.git(repo, 'add', '.');
    await t.sandbox.git(repo, 'commit', '-q', '-m', 'manifests');
    const userData = await mkdtemp(join(tmpdir(), 'gitops-desktop-dispose-'));
    try {
      const child = spawn(
        join(root, 'node_modules/.bin/vite-node'),
        [join(root, 'test/integration/cluster/fixtures/dispose-child.ts')],
        {
          cwd: root,
          env: {
            ...t.sandbox.env,
            ...extraEnv,
            KUBECONFIG: inject('kubeconfig'),
            DISPOSE_USER_DATA: userData,
            DISPOSE_REPO: repo,
            DISPOSE_CONTEXT: adminContext,
            DISPOSE_NAMESPACE: t.ns,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let disposedAt = 0;
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!disposedAt && out.includes('disposed')) disposedAt = performance.now();
      });
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolveExit) => {
        const limit = setTimeout(() => child.kill('SIGKILL'), 90_000);
        child.on('exit', (c) => {
          clearTimeout(limit);
          resolveExit(c);
        });
      });
      return { out, code, exitAfterDispose: performance.now() - disposedAt };
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  }

  it('closes every socket and timer, so a process using the core exits on its own', async () => {
    const { out, code, exitAfterDispose } = await runChild('dispose-idle');
    console.log(`process exit after Core.dispose(): ${exitAfterDispose.toFixed(0)} ms`);
    expect(out).toContain('state connected check connected');
    expect(out).toContain('disposed');
    expect(out).not.toContain('still alive');
    expect(code, out).toBe(0);
    expect(exitAfterDispose).toBeLessThan(3000);
  });

  it('also exits when disposed in the middle of a sync', async () => {
    const { out, code, exitAfterDispose } = await runChild('dispose-sync', { DISPOSE_DURING_SYNC: '1' });
    console.log(`process exit after Core.dispose() during a sync: ${exitAfterDispose.toFixed(0)} ms`);
    expect(out).toContain('sync running');
    expect(out).toContain('disposed');
    expect(out).not.toContain('still alive');
    expect(code, out).toBe(0);
    expect(exitAfterDispose).toBeLessThan(3000);
  });
});
