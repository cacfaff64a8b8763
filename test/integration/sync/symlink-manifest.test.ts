import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminContext, configMap } from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

describe('a symbolic-link manifest', () => {
  const t = useClusterTest('symlink');

  it('gets a problem naming the file, in the working tree and at a commit', async () => {
    const dir = await t.sandbox.dir(`links-${t.ns}`);
    await mkdir(join(dir, 'shared'));
    await writeFile(join(dir, 'shared', 'real.txt'), configMap('linked', t.ns, { a: '1' }));
    await writeFile(join(dir, 'plain.yaml'), configMap('plain', t.ns, { b: '2' }));
    await symlink('shared/real.txt', join(dir, 'linked.yaml'));
    await t.sandbox.git(dir, 'init', '-q', '-b', 'main');
    await t.sandbox.git(dir, 'add', '.');
    await t.sandbox.git(dir, 'commit', '-q', '-m', 'With a link');
    const app = await t.h.api.call('apps.add', {
      name: `links-${t.ns}`,
      repoPath: dir,
      appPath: '',
      context: adminContext,
      namespace: t.ns,
    });
    const head = (await t.sandbox.git(dir, 'rev-parse', 'HEAD')).trim();
    for (const revision of ['worktree', 'HEAD', head] as const) {
      const set = await t.h.api.call('manifests.load', { appId: app.id, revision });
      expect(set.objects.map((o) => o.key.name)).toEqual(['plain']);
      const problem = set.problems.find((p) => p.file === 'linked.yaml');
      expect(problem?.message, revision).toMatch(/linked\.yaml is a symbolic link; links are not followed/);
    }
    // A link to a folder in the working tree is reported too.
    await symlink('shared', join(dir, 'more'));
    const set = await t.h.api.call('manifests.load', { appId: app.id, revision: 'worktree' });
    expect(set.problems.map((p) => p.file)).toContain('more');
  });
});
