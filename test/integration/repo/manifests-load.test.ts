import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectFailure, startTestCore } from '../../support/core-client';
import { useRepoTest } from '../../support/repo-test';
import { commitAll, configMap, createRepo } from '../../support/git-fixtures';

const base = { context: 'dev', namespace: 'default' };

describe('manifests: working tree, commits, Kustomize', () => {
  const r = useRepoTest();

  it('loads HEAD, any commit, or the working tree, with file and line sources; respects .gitignore', async () => {
    const repo = await createRepo(r.sandbox, 'revs', {
      '.gitignore': 'secret/\n',
      'app/multi.yaml': `${configMap('one')}---\n# a comment\n${configMap('two', {}, 'team')}`,
      'app/list.yml':
        'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata:\n      name: svc\n',
      'outside.yaml': configMap('outside'),
    });
    const first = await r.sandbox.git(repo, 'rev-parse', 'HEAD');
    const second = await commitAll(r.sandbox, repo, { 'app/three.yaml': configMap('three') }, 'Add three');
    await mkdir(join(repo, 'app/secret'));
    await writeFile(join(repo, 'app/secret/s.yaml'), configMap('ignored'));
    await writeFile(join(repo, 'app/draft.yaml'), configMap('draft'));
    const app = await r.core.api.call('apps.add', { name: 'revs', repoPath: repo, appPath: 'app', ...base });

    const head = await r.core.api.call('manifests.load', { appId: app.id, revision: 'HEAD' });
    expect(head.revision).toBe(second);
    expect(head.problems).toEqual([]);
    expect(head.objects).toEqual([
      {
        id: '/Service//svc',
        key: { group: '', kind: 'Service', namespace: '', name: 'svc' },
        apiVersion: 'v1',
        source: { file: 'list.yml', docIndex: 0, startLine: 4, endLine: 7 },
      },
      {
        id: '/ConfigMap//one',
        key: { group: '', kind: 'ConfigMap', namespace: '', name: 'one' },
        apiVersion: 'v1',
        source: { file: 'multi.yaml', docIndex: 0, startLine: 1, endLine: 6 },
      },
      {
        id: '/ConfigMap/team/two',
        key: { group: '', kind: 'ConfigMap', namespace: 'team', name: 'two' },
        apiVersion: 'v1',
        source: { file: 'multi.yaml', docIndex: 1, startLine: 9, endLine: 14 },
      },
      {
        id: '/ConfigMap//three',
        key: { group: '', kind: 'ConfigMap', namespace: '', name: 'three' },
        apiVersion: 'v1',
        source: { file: 'three.yaml', docIndex: 0, startLine: 1, endLine: 6 },
      },
    ]);
    const old = await r.core.api.call('manifests.load', { appId: app.id, revision: first });
    expect(old.revision).toBe(first);
    expect(old.objects.map((o) => o.key.name)).toEqual(['svc', 'one', 'two']);
    const work = await r.core.api.call('manifests.load', { appId: app.id, revision: 'worktree' });
    expect(work.revision).toBe('worktree');
    expect(work.objects.map((o) => o.key.name)).toEqual(['draft', 'svc', 'one', 'two', 'three']);
    await expectFailure(
      r.core.api.call('manifests.load', { appId: app.id, revision: 'a'.repeat(40) }),
      'not-found',
    );
  });

  it('renders Kustomize folders (with kubectl kustomize) from the working tree and from a commit', async () => {
    const repo = await createRepo(r.sandbox, 'kust', {
      'base/kustomization.yaml': 'resources:\n  - cm.yaml\n',
      'base/cm.yaml': configMap('base-cm'),
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: prod\nnamePrefix: prod-\n',
      'overlays/broken/kustomization.yaml': 'resources:\n  - missing.yaml\n',
      'plain.yaml': configMap('plain'),
    });
    const head = await r.sandbox.git(repo, 'rev-parse', 'HEAD');
    const app = await r.core.api.call('apps.add', { name: 'kust', repoPath: repo, ...base });
    for (const revision of ['worktree', head] as const) {
      const loaded = await r.core.api.call('manifests.load', { appId: app.id, revision });
      const rendered = loaded.objects.filter((o) => o.source.renderedBy === 'kustomize');
      // The base is built as part of the overlay that includes it, not a second time on its own;
      // the object opens the base file it came from.
      expect(rendered.map((o) => [o.source.file, o.key.namespace, o.key.name])).toEqual([
        ['base/cm.yaml', 'prod', 'prod-base-cm'],
      ]);
      expect(loaded.objects.filter((o) => !o.source.renderedBy).map((o) => o.key.name)).toEqual(['plain']);
      expect(loaded.problems).toHaveLength(1);
      expect(loaded.problems[0]!.file).toBe('overlays/broken');
      expect(loaded.problems[0]!.message).toMatch(/^kubectl kustomize failed: .*missing\.yaml/s);
    }
  });

  it('says so when no Kustomize renderer is on the PATH', async () => {
    const bin = await r.sandbox.dir('empty-bin');
    const core = await startTestCore({ env: { ...r.sandbox.env, PATH: bin } });
    try {
      const repo = await createRepo(r.sandbox, 'nokust', {
        'k/kustomization.yaml': 'resources: [cm.yaml]\n',
        'k/cm.yaml': configMap('x'),
        'p.yaml': configMap('p'),
      });
      const app = await core.api.call('apps.add', { name: 'nokust', repoPath: repo, ...base });
      const loaded = await core.api.call('manifests.load', { appId: app.id, revision: 'HEAD' });
      expect(loaded.problems).toEqual([
        {
          file: 'k',
          message:
            'This folder has a kustomization file, but neither "kustomize" nor "kubectl" is on the PATH. Install one of them to render it.',
          renderFailed: true,
        },
      ]);
      expect(loaded.objects.map((o) => o.key.name)).toEqual(['p']);
    } finally {
      await core.close();
    }
  });

  it('does not follow symlinks out of the repository while loading', async () => {
    const repo = await createRepo(r.sandbox, 'links', { 'a.yaml': configMap('a') });
    const outside = await r.sandbox.dir('outside-manifests');
    await writeFile(join(outside, 'evil.yaml'), configMap('evil'));
    await symlink(outside, join(repo, 'linked'));
    await symlink(join(outside, 'evil.yaml'), join(repo, 'evil.yaml'));
    const app = await r.core.api.call('apps.add', { name: 'links', repoPath: repo, ...base });
    const loaded = await r.core.api.call('manifests.load', { appId: app.id, revision: 'worktree' });
    expect(loaded.objects.map((o) => o.key.name)).toEqual(['a']);
  });
});
