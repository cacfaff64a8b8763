import type {
  EngineKind,
  EngineStatus,
  HandOverOptions,
  HandOverSource,
  PullMode,
} from '../../../src-shared/model';
import type { KubeObject } from '../cluster/kube-object';

/** What an in-cluster GitOps engine looks like to the desktop. One module per engine. */
export interface Engine {
  kind: EngineKind;
  /** "Flux", "Argo CD". */
  label: string;
  defaults(appName: string): Pick<HandOverOptions, 'namespace' | 'name' | 'interval'>;
  /** The engine's objects for an app, in apply order. */
  objects(source: HandOverSource, options: HandOverOptions): KubeObject[];
  /** The object that carries the engine's verdict (Flux: the Kustomization). */
  statusObject(ref: PullMode): { apiVersion: string; kind: string };
  /** Reads the verdict from the engine's objects (the status object first, then the source). */
  status(ref: PullMode, main: KubeObject | undefined, source: KubeObject | undefined): EngineStatus;
  /** The objects to annotate so the engine reconciles now, with the annotation patch. */
  reconcileRequests(ref: PullMode, at: string): KubeObject[];
  /** A patch that suspends or resumes the engine for this app. */
  suspendPatch(ref: PullMode, suspended: boolean): KubeObject;
  /** The source object (Flux GitRepository), when the engine has one of its own. */
  sourceObject?(ref: PullMode): { apiVersion: string; kind: string };
}

/** "main@sha1:abc…" (Flux) or a bare sha → the commit id. */
export function commitOf(revision: string | undefined): string | undefined {
  if (!revision) return undefined;
  const m = /([0-9a-f]{40})$/.exec(revision);
  return m ? m[1] : undefined;
}
