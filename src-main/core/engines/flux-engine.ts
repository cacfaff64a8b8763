import type { EngineStatus, HandOverOptions, HandOverSource, PullMode } from '../../../src-shared/model';
import { bool, condition, str, type KubeObject } from '../cluster/kube-object';
import { commitOf, type Engine } from './engine';

const sourceApi = 'source.toolkit.fluxcd.io/v1';
const kustomizeApi = 'kustomize.toolkit.fluxcd.io/v1';
export const reconcileAnnotation = 'reconcile.fluxcd.io/requestedAt';

/** Flux: a GitRepository that fetches the branch and a Kustomization that applies the path. */
export const fluxEngine: Engine = {
  kind: 'flux',
  label: 'Flux',
  defaults: (appName) => ({ namespace: 'flux-system', name: appName, interval: '1m' }),
  objects(source: HandOverSource, o: HandOverOptions): KubeObject[] {
    return [
      {
        apiVersion: sourceApi,
        kind: 'GitRepository',
        metadata: { name: o.name, namespace: o.namespace },
        spec: { interval: o.interval, url: source.repoUrl, ref: { branch: source.branch } },
      },
      {
        apiVersion: kustomizeApi,
        kind: 'Kustomization',
        metadata: { name: o.name, namespace: o.namespace },
        spec: {
          interval: o.interval,
          sourceRef: { kind: 'GitRepository', name: o.name },
          path: source.path,
          prune: o.prune,
          targetNamespace: source.targetNamespace,
          // Flux applies with server-side apply; the desktop's field manager keeps what it owned.
          wait: false,
          timeout: '2m',
        },
      },
    ];
  },
  statusObject: () => ({ apiVersion: kustomizeApi, kind: 'Kustomization' }),
  sourceObject: () => ({ apiVersion: sourceApi, kind: 'GitRepository' }),
  status(ref: PullMode, main, source): EngineStatus {
    const base = { engine: 'flux' as const, namespace: ref.namespace, name: ref.name };
    if (!main) {
      return {
        ...base,
        found: false,
        ready: 'Unknown',
        message: `Kustomization ${ref.namespace}/${ref.name} is not in the cluster.`,
        suspended: false,
      };
    }
    const ready = condition(main, 'Ready');
    const applied = commitOf(str(main, 'status.lastAppliedRevision'));
    const fetched = commitOf(str(source, 'status.artifact.revision'));
    return {
      ...base,
      found: true,
      ready: ready?.status === 'True' ? 'True' : ready?.status === 'False' ? 'False' : 'Unknown',
      ...(ready?.message ? { message: ready.message } : {}),
      ...(applied ? { appliedRevision: applied } : {}),
      ...(fetched ? { sourceRevision: fetched } : {}),
      suspended: bool(main, 'spec.suspend') === true,
    };
  },
  reconcileRequests(ref: PullMode, at: string): KubeObject[] {
    const metadata = { name: ref.name, namespace: ref.namespace, annotations: { [reconcileAnnotation]: at } };
    return [
      { apiVersion: sourceApi, kind: 'GitRepository', metadata },
      { apiVersion: kustomizeApi, kind: 'Kustomization', metadata },
    ];
  },
  suspendPatch: (ref: PullMode, suspended: boolean) => ({
    apiVersion: kustomizeApi,
    kind: 'Kustomization',
    metadata: { name: ref.name, namespace: ref.namespace },
    spec: { suspend: suspended },
  }),
};
