import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { useClusterTest } from '../../support/cluster-test';
import { startGitHttpServer, writeFiles } from '../../support/git-fixtures';
import {
  adminContext,
  deployment,
  namespaceYaml,
  noSyncOptions,
  waitFor,
  waitForState,
} from '../../support/kube-fixtures';

const t = useClusterTest('handover');
const flux = inject('flux');

/** A remote served by the real `git http-backend`, the app's clone of it, and the app. */
async function pushedApp(name: string) {
  const { sandbox, h, ns } = t;
  const remotes = await sandbox.dir(`remotes-${name}`);
  await sandbox.git(remotes, 'init', '-q', '--bare', '-b', 'main', 'app.git');
  const server = await startGitHttpServer(sandbox, remotes);
  const desk = join(sandbox.root, `desk-${name}`);
  await sandbox.git(sandbox.root, 'clone', '-q', `${server.url}/app.git`, desk);
  await sandbox.git(desk, 'checkout', '-q', '-b', 'main');
  await writeFiles(desk, {
    'app/ns.yaml': namespaceYaml(ns),
    'app/web.yaml': deployment('web', ns, 1),
  });
  await sandbox.git(desk, 'add', '-A');
  await sandbox.git(desk, 'commit', '-q', '-m', 'Initial manifests');
  await sandbox.git(desk, 'push', '-q', '-u', 'origin', 'main');
  const app = await h.api.call('apps.add', {
    name: `${name}-${ns}`,
    repoPath: desk,
    appPath: 'app',
    context: adminContext,
    namespace: ns,
  });
  return { app, server, desk };
}

describe('hand-over', () => {
  it.skipIf(!flux)(
    'generates an Argo CD Application that the API server accepts (server-side dry run; its CRD comes with --with-flux)',
    async () => {
      const { h, ns } = t;
      const { app, server } = await pushedApp('argo');
      try {
        const preview = await h.api.call('engines.preview', { appId: app.id, engine: 'argocd' });
        const [application] = parseAllDocuments(preview.content).map(
          (d) => d.toJS() as Record<string, unknown>,
        );
        expect(application).toMatchObject({
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { namespace: 'argocd' },
          spec: {
            source: { repoURL: `${server.url}/app.git`, targetRevision: 'main', path: './app' },
            destination: { server: 'https://kubernetes.default.svc', namespace: ns },
            syncPolicy: { automated: { selfHeal: true } },
          },
        });
        const checked = await h.api.call('engines.handOver', {
          appId: app.id,
          engine: 'argocd',
          commit: false,
          apply: true,
          dryRun: true,
        });
        expect(checked.dryRun).toBe(true);
        expect(checked.applied).toHaveLength(1);
        expect(checked.applied[0]).toMatch(/^Application /);
        // A dry run changes nothing: the app still syncs from the desktop.
        expect(checked.app.pullMode).toBeUndefined();
        expect(
          (await h.api.call('apps.list', {})).apps.find((a) => a.id === app.id)?.pullMode,
        ).toBeUndefined();
      } finally {
        await server.close();
      }
    },
  );

  it.skipIf(!flux)(
    'hands a desktop-synced app over to Flux: same uids, Flux applies pushed edits, the desktop never applies',
    async () => {
      const { h, ns, kubectl, sandbox } = t;
      const { app, server, desk } = await pushedApp('flux');
      try {
        await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
        await waitForState(
          h,
          app.id,
          'desktop sync',
          (s) => s.sync === 'Synced' && s.health === 'Healthy',
          'HEAD',
          120_000,
        );
        const uid = await kubectl('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.metadata.uid}');
        const nsUid = await kubectl('get', 'namespace', ns, '-o', 'jsonpath={.metadata.uid}');

        const options = { name: `app-${ns}`, interval: '30s', folder: 'clusters/dev', prune: true };
        const preview = await h.api.call('engines.preview', { appId: app.id, engine: 'flux', options });
        expect(preview.file).toBe(`clusters/dev/app-${ns}-flux.yaml`);
        const handed = await h.api.call('engines.handOver', {
          appId: app.id,
          engine: 'flux',
          options,
          commit: true,
          apply: true,
        });
        expect(handed.commit).toMatch(/^[0-9a-f]{40}$/);
        expect(handed.app.pullMode).toEqual({ engine: 'flux', namespace: 'flux-system', name: `app-${ns}` });
        expect(
          parse((await sandbox.git(desk, 'show', `HEAD:${preview.file}`)).split('---')[0]!),
        ).toMatchObject({
          kind: 'GitRepository',
        });

        // Push & reconcile: the commit with the Flux objects reaches the remote, Flux applies it.
        await h.api.call('engines.pushAndReconcile', { appId: app.id });
        const head = await sandbox.git(desk, 'rev-parse', 'HEAD');
        const ready = await waitFor(
          'Flux Ready at the pushed revision',
          async () => {
            const s = await h.api.call('engines.status', { appId: app.id });
            return s.ready === 'True' && s.appliedRevision === head ? s : undefined;
          },
          120_000,
          500,
        );
        expect(ready).toMatchObject({ found: true, suspended: false, localHead: head, remoteHead: head });
        expect(await kubectl('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.metadata.uid}')).toBe(uid);
        expect(await kubectl('get', 'namespace', ns, '-o', 'jsonpath={.metadata.uid}')).toBe(nsUid);

        // The desktop no longer applies: Sync is refused with the way out.
        const refused = await h.api.call('sync.start', { appId: app.id, options: noSyncOptions }).then(
          () => undefined,
          (err: Error) => err.message,
        );
        expect(refused).toMatch(/handed over to Flux.*Push & reconcile/);

        // Edit, commit, Push & reconcile: Flux applies the new replicas with its own field manager.
        await h.api.call('repo.writeFile', {
          appId: app.id,
          path: 'web.yaml',
          content: deployment('web', ns, 2),
        });
        await h.api.call('repo.commit', { appId: app.id, paths: ['web.yaml'], message: 'Two replicas' });
        const edited = await sandbox.git(desk, 'rev-parse', 'HEAD');
        const clicked = Date.now();
        await h.api.call('engines.pushAndReconcile', { appId: app.id });
        await waitFor(
          'Flux Ready at the edit and the Deployment Synced',
          async () => {
            const s = await h.api.call('engines.status', { appId: app.id });
            const state = await h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
            const web = state.resources.find((r) => r.key.kind === 'Deployment' && !r.parentId);
            return s.ready === 'True' && s.appliedRevision === edited && web?.sync === 'Synced';
          },
          60_000,
          200,
        );
        const withRequest = Date.now() - clicked;
        console.log(`flux: Push & reconcile to Ready + Synced in ${withRequest} ms`);
        expect(await kubectl('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}')).toBe('2');
        const managers = await kubectl(
          'get',
          'deploy',
          'web',
          '-n',
          ns,
          '--show-managed-fields',
          '-o',
          'jsonpath={.metadata.managedFields[*].manager}',
        );
        expect(managers.split(' ')).toContain('kustomize-controller');
        expect(await kubectl('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.metadata.uid}')).toBe(uid);

        // A commit not pushed yet is not what runs: the state compares against what Flux applied.
        await h.api.call('repo.writeFile', {
          appId: app.id,
          path: 'web.yaml',
          content: deployment('web', ns, 5),
        });
        await h.api.call('repo.commit', {
          appId: app.id,
          paths: ['web.yaml'],
          message: 'Five replicas, local',
        });
        expect((await h.api.call('engines.status', { appId: app.id })).appliedRevision).toBe(edited);
        const pinned = await h.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
        expect(pinned.revision).toBe(edited);
        expect(pinned.resources.find((r) => r.key.kind === 'Deployment' && !r.parentId)?.sync).toBe('Synced');

        // Without the request, Flux's own interval picks a pushed commit up.
        await h.api.call('repo.writeFile', {
          appId: app.id,
          path: 'web.yaml',
          content: deployment('web', ns, 3),
        });
        await h.api.call('repo.commit', { appId: app.id, paths: ['web.yaml'], message: 'Three replicas' });
        const pushedAt = Date.now();
        await h.api.call('repo.push', { appId: app.id });
        await waitFor(
          'Flux to apply on its own interval',
          async () =>
            (await kubectl('get', 'deploy', 'web', '-n', ns, '-o', 'jsonpath={.spec.replicas}')) === '3',
          120_000,
          500,
        );
        console.log(
          `flux: interval ${options.interval} without a reconcile request applied after ${Date.now() - pushedAt} ms`,
        );

        // Suspending Flux is an explicit step; then the desktop may sync again.
        const suspended = await h.api.call('engines.setSuspended', { appId: app.id, suspended: true });
        expect(suspended.suspended).toBe(true);
        const { syncId } = await h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
        const run = await h.waitForEvent('sync.finished', (r) => r.id === syncId, 60_000);
        expect(run.phase).not.toBe('Failed');
        expect(
          (await h.api.call('engines.setSuspended', { appId: app.id, suspended: false })).suspended,
        ).toBe(false);
      } finally {
        await kubectl(
          'delete',
          'kustomization,gitrepository',
          '-n',
          'flux-system',
          `app-${ns}`,
          '--ignore-not-found',
          '--wait=false',
        ).catch(() => undefined);
        await server.close();
      }
    },
  );
});
