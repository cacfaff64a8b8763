import { describe, expect, inject, it } from 'vitest';
import type { AppSettings, AppState } from '../../../src-shared/model';
import { ClusterService } from '../../../src-main/core/cluster/cluster-service';
import { AppComparer } from '../../../src-main/core/compare/app-comparer';
import { DryRunCache } from '../../../src-main/core/compare/dry-run-cache';
import { AppEvaluator } from '../../../src-main/core/apps/app-evaluator';
import { ManifestService } from '../../../src-main/core/manifests/manifest-service';
import { startTestCore } from '../../support/core-client';
import { useClusterTest, withClusterTools, type ClusterTest } from '../../support/cluster-test';
import {
  adminContext,
  configMap,
  createClusterApp,
  deployment,
  noSyncOptions,
  waitFor,
} from '../../support/kube-fixtures';

/** What a state shows, without the parts that name the moment it was built. */
function shown(state: AppState) {
  return {
    sync: state.sync,
    health: state.health,
    revision: state.revision,
    problems: state.problems,
    resources: state.resources
      .map((r) => ({ id: r.id, sync: r.sync, health: r.health, parentId: r.parentId, reason: r.syncReason }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

async function synced(t: ClusterTest, name: string, files: Record<string, string>): Promise<AppSettings> {
  const app = await createClusterApp(t.h, t.sandbox, { name, namespace: t.ns, files });
  const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
  await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
  expect((await done).phase).toBe('Succeeded');
  return app;
}

describe('the first state of an app opened over a synced namespace', () => {
  const t = useClusterTest('first-load');
  const { ns } = t;

  it('is the state a hard refresh computes again; a clean working copy shows the same', async () => {
    // Kinds without children: a child appearing between two states would make them differ.
    const first = await synced(t, `first-${ns}`, {
      'config.yaml': `${configMap('web-config', ns, { a: '1' })}---\n${configMap('web-env', ns, { b: '2' })}`,
      'more/config.yaml': configMap('other', ns, { c: '3' }),
    });
    // A core started afresh, as at application start.
    const fresh = await startTestCore({
      env: withClusterTools({ ...t.sandbox.env, KUBECONFIG: inject('kubeconfig') }),
    });
    try {
      const app = await fresh.api.call('apps.add', {
        name: `again-${ns}`,
        repoPath: first.repoPath,
        appPath: '',
        context: adminContext,
        namespace: ns,
      });
      const loaded = await fresh.api.call('state.get', { appId: app.id, compareWith: 'HEAD' });
      const worktree = await fresh.api.call('state.get', { appId: app.id, compareWith: 'worktree' });
      const again = await fresh.api.call('state.refresh', { appId: app.id, compareWith: 'HEAD', hard: true });
      expect(loaded.resources).toHaveLength(3);
      expect(shown(loaded)).toEqual(shown(again));
      expect(shown(worktree).resources).toEqual(shown(loaded).resources);
    } finally {
      await fresh.close();
    }
  });

  it('lists the live objects the manifests name while they load, before any comparison asks', async () => {
    const app = await synced(t, `lists-${ns}`, {
      'workload.yaml': `${deployment('web', ns, 0)}---\n${configMap('web-config', ns, { a: '1' })}`,
    });
    const env = { ...t.sandbox.env, KUBECONFIG: inject('kubeconfig') };
    const cluster = new ClusterService(env, Promise.resolve(undefined));
    try {
      const evaluator = new AppEvaluator(
        cluster,
        new ManifestService({ env }),
        new AppComparer(new DryRunCache()),
      );
      const conn = await cluster.connection(adminContext);
      const listed = new Set<string>();
      const off = conn.live.onChange((c) => {
        if (c.type === 'RESET') listed.add(`${c.info.group}/${c.info.kind}/${c.namespace}`);
      });
      const loaded = await evaluator.loadManifests(app, 'HEAD');
      expect(loaded.objects).toHaveLength(2);
      // Nothing but the load asked for these: the scopes of the manifests, the kinds the live
      // Deployment owns, and the namespaces (is the app's there?).
      const expected = [
        `apps/Deployment/${ns}`,
        `/ConfigMap/${ns}`,
        `apps/ReplicaSet/${ns}`,
        `/Pod/${ns}`,
        `/Namespace/`,
      ];
      await waitFor(
        'the lists the manifests name',
        async () => (expected.every((s) => listed.has(s)) ? true : undefined),
        15_000,
      );
      off();
    } finally {
      cluster.dispose();
    }
  });
});
