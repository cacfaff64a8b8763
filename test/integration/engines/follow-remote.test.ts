import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useClusterTest } from '../../support/cluster-test';
import { commitAll, startGitHttpServer, writeFiles } from '../../support/git-fixtures';
import { adminContext, configMap, namespaceYaml, waitFor, waitForState } from '../../support/kube-fixtures';

const t = useClusterTest('follow');

it('follows origin/main: a commit pushed by the git CLI is fetched, fast-forwarded and auto-synced with no click', async () => {
  const { sandbox, h, ns, kubectl } = t;
  // The remote: a bare repository behind the real `git http-backend`.
  const remotes = await sandbox.dir('remotes');
  const author = await sandbox.dir('author');
  await sandbox.git(author, 'init', '-q', '-b', 'main');
  await writeFiles(author, {
    'ns.yaml': namespaceYaml(ns),
    'settings.yaml': configMap('settings', ns, { colour: 'blue' }),
  });
  await sandbox.git(author, 'add', '-A');
  await sandbox.git(author, 'commit', '-q', '-m', 'Initial manifests');
  await sandbox.git(remotes, 'clone', '-q', '--bare', author, 'app.git');
  const server = await startGitHttpServer(sandbox, remotes);
  try {
    await sandbox.git(author, 'remote', 'add', 'origin', `${server.url}/app.git`);
    const desk = join(sandbox.root, 'desk');
    await sandbox.git(sandbox.root, 'clone', '-q', `${server.url}/app.git`, desk);

    const app = await h.api.call('apps.add', {
      name: `follow-${ns}`,
      repoPath: desk,
      context: adminContext,
      namespace: ns,
      options: { prune: false, autoSync: true, selfHeal: false },
    });
    await h.api.call('sync.start', {
      appId: app.id,
      options: { prune: false, force: false, applyAll: false },
    });
    await waitForState(h, app.id, 'first sync', (s) => s.sync === 'Synced');
    expect(await h.api.call('remote.tracking', { appId: app.id, fetch: true })).toMatchObject({
      branch: 'main',
      ahead: 0,
      behind: 0,
    });

    const interval = 2;
    await h.api.call('apps.update', {
      appId: app.id,
      changes: { followRemote: { intervalSeconds: interval } },
    });
    const pushed = await commitAll(
      sandbox,
      author,
      { 'settings.yaml': configMap('settings', ns, { colour: 'green' }) },
      'Green',
    );
    await sandbox.git(author, 'push', '-q', 'origin', 'main');
    const started = Date.now();
    await waitFor(
      'the pushed colour in the cluster',
      async () =>
        (await kubectl('get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.colour}')) ===
        'green',
      (interval + 30) * 1000,
      100,
    );
    const took = Date.now() - started;
    console.log(`follow-remote: pushed commit applied ${took} ms after the push (interval ${interval} s)`);
    expect(await sandbox.git(desk, 'rev-parse', 'HEAD')).toBe(pushed);
    expect(took).toBeLessThan((interval + 2) * 1000 + 8000);
    const tracking = await h.api.call('remote.tracking', { appId: app.id });
    expect(tracking).toMatchObject({ ahead: 0, behind: 0 });

    // Local edits are never overwritten: the follower stops at a dirty file and says why.
    await writeFiles(desk, { 'settings.yaml': configMap('settings', ns, { colour: 'local edit' }) });
    await commitAll(
      sandbox,
      author,
      { 'settings.yaml': configMap('settings', ns, { colour: 'red' }) },
      'Red',
    );
    await sandbox.git(author, 'push', '-q', 'origin', 'main');
    const stuck = await waitFor(
      'the follower to report the conflict',
      async () => {
        const r = await h.api.call('remote.tracking', { appId: app.id, fetch: true });
        return r.behind === 1 && r.problem ? r : undefined;
      },
      20_000,
    );
    expect(stuck.problem).toMatch(/Not fast-forwarded/);
    expect(await sandbox.git(desk, 'rev-parse', 'HEAD')).toBe(pushed);
    await h.api.call('apps.update', { appId: app.id, changes: { followRemote: null } });
    expect(
      (await h.api.call('apps.list', {})).apps.find((a) => a.id === app.id)?.followRemote,
    ).toBeUndefined();
  } finally {
    await server.close();
  }
});
