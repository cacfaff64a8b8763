import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../../src-main/core/cluster/kube-object';
import { normalise } from '../../../src-main/core/compare/normalise';
import { predictedApply, unchangedByApply } from '../../../src-main/core/compare/unchanged-by-apply';
import { withTracking } from '../../../src-main/core/sync/tracking';
import { createClusterApp, deployment, noSyncOptions } from '../../support/kube-fixtures';
import { useClusterTest } from '../../support/cluster-test';

/** A container port written without its protocol: the server keys the list item by both. */
const ports = `      containers:
        - name: app
          image: registry.k8s.io/pause:3.10
          ports:
            - containerPort: 8080
`;

describe('what an apply would leave, decided without the server', () => {
  const t = useClusterTest('predict');
  const { ns } = t;

  it('matches the server’s forced dry run for another app’s objects, and needs none for its own', async () => {
    const text = deployment('web', ns, 0).replace(/ {6}containers:[\s\S]*$/, ports);
    const app = await createClusterApp(t.h, t.sandbox, {
      name: `predict-${ns}`,
      namespace: ns,
      files: { 'web.yaml': text },
    });
    const done = t.h.waitForEvent('sync.finished', (r) => r.appId === app.id, 90_000);
    await t.h.api.call('sync.start', { appId: app.id, options: noSyncOptions });
    expect((await done).phase).toBe('Succeeded');

    const live = JSON.parse(
      await t.kubectl('get', 'deployment', 'web', '-n', ns, '-o', 'json', '--show-managed-fields'),
    ) as KubeObject;
    const body = parse(text) as KubeObject;
    const key = { group: 'apps', kind: 'Deployment', namespace: ns, name: 'web' };
    expect(unchangedByApply(withTracking(body, app.id, key), live)).toBe(true);

    const other = withTracking(body, 'another-app-1', key);
    const predicted = predictedApply(other, live);
    expect(predicted).toBeDefined();
    const server = JSON.parse(
      await t.kubectl.apply(
        JSON.stringify(other),
        '--server-side',
        '--dry-run=server',
        '--force-conflicts',
        '--field-manager=gitops-desktop',
        '-o',
        'json',
      ),
    ) as KubeObject;
    expect(normalise(predicted!)).toEqual(normalise(server));
  });
});
