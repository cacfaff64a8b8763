import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { useClusterTest } from '../../support/cluster-test';
import { adminContext, configMap, namespaceYaml } from '../../support/kube-fixtures';
import { writeFiles } from '../../support/git-fixtures';

const root = resolve(import.meta.dirname, '../../..');

describe('Core.dispose', () => {
  const t = useClusterTest('dispose');

  it('closes every socket and timer, so a process using the core exits on its own', async () => {
    const repo = await t.sandbox.dir('dispose-repo');
    await writeFiles(repo, {
      'ns.yaml': namespaceYaml(t.ns),
      'cm.yaml': configMap('settings', t.ns, { a: '1' }),
    });
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
      const exitAfterDispose = performance.now() - disposedAt;
      console.log(`process exit after Core.dispose(): ${exitAfterDispose.toFixed(0)} ms`);
      expect(out).toContain('state connected check connected');
      expect(out).toContain('disposed');
      expect(out).not.toContain('still alive');
      expect(code, out).toBe(0);
      expect(exitAfterDispose).toBeLessThan(3000);
    } finally {
      await rm(userData, { recursive: true, force: true });
    }
  });
});
