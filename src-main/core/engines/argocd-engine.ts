import { ApiFailure } from '../../../src-shared/errors';
import type { EngineStatus, HandOverOptions, HandOverSource, PullMode } from '../../../src-shared/model';
import { condition, conditions, rec, str, type KubeObject } from '../cluster/kube-object';
import { commitOf, type Engine } from './engine';

const api = 'argoproj.io/v1alpha1';
export const refreshAnnotation = 'argocd.argoproj.io/refresh';

/**
 * Argo CD: one Application. Our tracking annotation already uses Argo CD's format with the app id
 * as the app part, so an Application of that name adopts the desktop's objects as they are.
 */
export const argoCdEngine: Engine = {
  kind: 'argocd',
  label: 'Argo CD',
  defaults: (appName) => ({ namespace: 'argocd', name: appName, interval: '3m' }),
  objects(source: HandOverSource, o: HandOverOptions): KubeObject[] {
    return [
      {
        apiVersion: api,
        kind: 'Application',
        metadata: { name: o.name, namespace: o.namespace },
        spec: {
          project: 'default',
          source: { repoURL: source.repoUrl, targetRevision: source.branch, path: source.path },
          destination: { server: source.server, namespace: source.targetNamespace },
          syncPolicy: {
            automated: { prune: o.prune, selfHeal: true },
            syncOptions: ['ServerSideApply=true', 'CreateNamespace=true'],
          },
        },
      },
    ];
  },
  statusObject: () => ({ apiVersion: api, kind: 'Application' }),
  status(ref: PullMode, main): EngineStatus {
    const base = { engine: 'argocd' as const, namespace: ref.namespace, name: ref.name };
    if (!main) {
      return {
        ...base,
        found: false,
        ready: 'Unknown',
        message: `Application ${ref.namespace}/${ref.name} is not in the cluster.`,
        suspended: false,
      };
    }
    const sync = str(main, 'status.sync.status');
    const health = str(main, 'status.health.status');
    // An Application with no controller never gets a status: say so instead of guessing.
    const ready =
      sync === 'Synced' && health === 'Healthy'
        ? 'True'
        : health === 'Degraded' || condition(main, 'ComparisonError')
          ? 'False'
          : 'Unknown';
    const problem = conditions(main).find((c) => /Error$/.test(c.type))?.message;
    const message =
      problem ??
      str(main, 'status.operationState.message') ??
      (sync || health
        ? `${sync ?? 'Unknown'} · ${health ?? 'Unknown'}`
        : 'No status yet: is the Argo CD application controller running in this cluster?');
    const applied = commitOf(str(main, 'status.sync.revision'));
    return {
      ...base,
      found: true,
      ready,
      message,
      ...(applied ? { appliedRevision: applied } : {}),
      suspended: !rec(main, 'spec.syncPolicy.automated'),
    };
  },
  reconcileRequests: (ref: PullMode) => [
    {
      apiVersion: api,
      kind: 'Application',
      metadata: { name: ref.name, namespace: ref.namespace, annotations: { [refreshAnnotation]: 'normal' } },
    },
  ],
  suspendPatch(): KubeObject {
    throw new ApiFailure(
      'unsupported',
      'Argo CD has no suspend switch: turn off automated sync of the Application in Argo CD, then sync from the desktop.',
    );
  },
};
