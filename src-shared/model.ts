/**
 * The domain model shared by main and renderer. Plain data only: everything here crosses a
 * transport as JSON.
 */

// ---------------------------------------------------------------- system
export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'browser';
  platform: string;
}

export interface DemoTick {
  n: number;
  at: string;
}

// ---------------------------------------------------------------- apps
export interface AppOptions {
  prune: boolean;
  autoSync: boolean;
  selfHeal: boolean;
}

export interface AppSettings {
  id: string;
  name: string;
  /** Absolute path of the repository's working copy root. */
  repoPath: string;
  /** Folder inside the repository holding the manifests, POSIX separators, '' = root. */
  appPath: string;
  context: string;
  namespace: string;
  options: AppOptions;
  /** Fallback commit identity when neither the repository nor the global git config has one. */
  author?: GitIdentity;
  /** How a Helm chart in the app folder is rendered; absent = chart defaults. */
  helm?: HelmSettings;
}

/** `helm template` settings of an app whose folder is (or holds) a chart. */
export interface HelmSettings {
  /** Value files relative to the app folder, applied in this order (later ones win). */
  valueFiles: string[];
  /** Release name; default: the chart folder's name. */
  releaseName?: string;
  /** `--set` entries, "key=value", applied after the value files. */
  set: string[];
  /** Render the chart's `crds/` folder too (default true, as Argo CD does). */
  includeCrds: boolean;
}

export interface AppSummary extends AppSettings {
  sync: SyncStatus;
  health: HealthStatus;
}

export interface SettingsProblem {
  message: string;
  /** Where the unreadable settings file was moved, so nothing is lost. */
  keptAs?: string;
}

// ---------------------------------------------------------------- git
export interface GitIdentity {
  name: string;
  email: string;
}

export type FileChangeKind = 'modified' | 'added' | 'deleted' | 'untracked';

export interface FileChange {
  /** Path relative to the app folder, POSIX separators. */
  path: string;
  change: FileChangeKind;
  staged: boolean;
}

export interface RepoInfo {
  branch: string | null;
  head: string | null;
  headMessage?: string;
  remotes: string[];
  identity: GitIdentity | null;
  identitySource: 'repository' | 'global' | 'app' | null;
}

export interface CommitInfo {
  oid: string;
  message: string;
  author: GitIdentity & { timestamp: number };
  parents: string[];
}

export interface CommitPage {
  commits: CommitInfo[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  next?: string;
}

export interface CommitFileChange {
  path: string;
  change: 'added' | 'modified' | 'deleted';
}

export interface FileEntry {
  path: string;
  type: 'file' | 'dir';
}

// ---------------------------------------------------------------- manifests
export interface SourceRef {
  /** File relative to the app folder (for rendered Helm/Kustomize output: the folder). */
  file: string;
  docIndex: number;
  startLine: number;
  endLine: number;
  renderedBy?: 'kustomize' | 'helm';
  /**
   * For rendered objects: `file` is the template (Helm) or the resource file (Kustomize) the object
   * came from, so it can be opened; lines then point at the object's name where it could be found.
   */
  fromTemplate?: boolean;
  /** Made by a kustomize generator (configMapGenerator / secretGenerator), with a hash suffix. */
  generated?: boolean;
}

export interface ManifestProblem {
  file: string;
  docIndex?: number;
  line?: number;
  column?: number;
  message: string;
  /** A Helm or Kustomize render failed: what git defines is unknown, so nothing may be pruned. */
  renderFailed?: boolean;
}

/** Identifies an object in a cluster. namespace is '' for cluster-scoped kinds. */
export interface ResourceKey {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface ManifestObjectSummary {
  id: string;
  key: ResourceKey;
  apiVersion: string;
  source: SourceRef;
}

export interface ManifestSet {
  revision: string;
  objects: ManifestObjectSummary[];
  problems: ManifestProblem[];
}

// ---------------------------------------------------------------- cluster
export interface KubeContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
}

export interface KubeContexts {
  contexts: KubeContextInfo[];
  current: string | null;
}

export type ConnectionStatus =
  'connected' | 'unreachable' | 'unauthorized' | 'forbidden' | 'tls' | 'timeout' | 'unknown';

export interface ConnectionState {
  context: string;
  status: ConnectionStatus;
  message?: string;
  serverVersion?: string;
}

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extraneous' | 'Unknown';
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
export type CompareWith = 'HEAD' | 'worktree';

export interface ResourceState {
  id: string;
  key: ResourceKey;
  apiVersion: string;
  sync: SyncStatus;
  syncReason?: string;
  health: HealthStatus;
  healthReason?: string;
  /** Where the desired object is defined; absent for extraneous objects and children. */
  source?: SourceRef;
  /** Set for child objects (ReplicaSet of a Deployment, Pod of a ReplicaSet...). */
  parentId?: string;
  /** Short human summary, e.g. "2/2 ready". */
  info?: string;
}

export interface AppState {
  appId: string;
  compareWith: CompareWith;
  revision: string | null;
  sync: SyncStatus;
  health: HealthStatus;
  resources: ResourceState[];
  problems: ManifestProblem[];
  connection: ConnectionState;
  comparedAt: string;
  syncing: boolean;
}

export interface ResourceDiff {
  id: string;
  desiredYaml: string;
  liveYaml: string;
  /** Secret keys whose (masked) values differ. */
  changedSecretKeys?: string[];
}

export interface KubeEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastSeen: string;
  source?: string;
}

// ---------------------------------------------------------------- sync
export interface SyncOptions {
  prune: boolean;
  force: boolean;
  /** Apply every resource, not only the out-of-sync ones. */
  applyAll: boolean;
  /** Limit to these resource ids (empty / absent = all). */
  resources?: string[];
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'prune' | 'error';

export interface SyncPlanItem {
  id: string;
  key: ResourceKey;
  wave: number;
  action: PlanAction;
  message?: string;
}

export interface SyncPlan {
  appId: string;
  revision: string;
  items: SyncPlanItem[];
  problems: ManifestProblem[];
}

export type SyncItemPhase = 'pending' | 'applying' | 'applied' | 'failed' | 'healthy' | 'pruned' | 'skipped';

export interface SyncItemResult {
  id: string;
  key: ResourceKey;
  action: PlanAction;
  phase: SyncItemPhase;
  message?: string;
}

export type SyncRunPhase = 'Running' | 'Succeeded' | 'Failed' | 'Cancelled';

export interface SyncRun {
  id: string;
  appId: string;
  revision: string;
  options: SyncOptions;
  startedAt: string;
  finishedAt?: string;
  phase: SyncRunPhase;
  message?: string;
  items: SyncItemResult[];
  trigger: 'manual' | 'auto-sync' | 'self-heal' | 'rollback';
}

export interface Notice {
  appId?: string;
  level: 'info' | 'warning' | 'error';
  message: string;
}

export interface OpenApiSchemas {
  context: string;
  /** JSON schema per "group/version/Kind" (group '' for core). */
  schemas: { apiVersion: string; kind: string; schema: unknown }[];
}

// ---------------------------------------------------------------- logs and app events
export interface LogOptions {
  follow: boolean;
  /** The previous (crashed or restarted) container's log; never followed. */
  previous: boolean;
  timestamps: boolean;
  tailLines: number;
}

/** The pods (with their containers) whose logs a resource has: itself, or the pods it selects. */
export interface LogTargets {
  pods: { name: string; namespace: string; containers: string[]; initContainers: string[] }[];
}

export interface LogLine {
  pod: string;
  container: string;
  text: string;
}

export interface LogBatch {
  streamId: string;
  lines: LogLine[];
  /** Lines dropped because they came faster than they could be handed on. */
  dropped?: number;
  /** Containers whose log ended (the pod stopped, or the server refused: `message` says why). */
  ended?: { pod: string; container: string; message?: string }[];
  /** Every log of the stream ended; no more batches come. */
  finished?: boolean;
}

export interface AppEvent extends KubeEvent {
  /** The object the event is about, as a resource id of the app. */
  resourceId: string;
  object: ResourceKey;
}
