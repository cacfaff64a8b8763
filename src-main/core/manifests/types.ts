import type { ManifestProblem, ResourceKey, SourceRef } from '../../../src-shared/model';

/** One object as defined in the repository, ready to be compared with or applied to a cluster. */
export interface DesiredObject {
  /** namespace as written, '' when absent: the cluster side fills the app's default for namespaced kinds. */
  key: ResourceKey;
  apiVersion: string;
  /** Exactly as parsed, unmodified: it is sent to the API server as is. */
  body: Record<string, unknown>;
  source: SourceRef;
}

export interface LoadedManifests {
  /** The commit oid the objects were read from, or 'worktree'. */
  revision: string;
  objects: DesiredObject[];
  problems: ManifestProblem[];
}

/** 'HEAD' (what Sync applies), 'worktree' (uncommitted edits) or a full commit oid. */
export type ManifestRevision = 'HEAD' | 'worktree' | string;
