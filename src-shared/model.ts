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
  /** Set once the app is handed over to an in-cluster engine: the desktop no longer applies. */
  pullMode?: PullMode;
  /** Desktop pull: fetch the remote branch every N seconds and fast-forward when possible. */
  followRemote?: FollowRemote;
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
}

export interface ManifestProblem {
  file: string;
  docIndex?: number;
  line?: number;
  column?: number;
  message: string;
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
  /** Another owner of the live object: "Flux Kustomization flux-system/apps", "Argo CD app web". */
  managedBy?: string;
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
  /** Also change objects another engine or app manages (the user was asked, and agreed). */
  changeShared?: boolean;
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'prune' | 'error';

export interface SyncPlanItem {
  id: string;
  key: ResourceKey;
  wave: number;
  action: PlanAction;
  message?: string;
  /** The other owner of the live object, when a sync would change it. */
  managedBy?: string;
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

// ---------------------------------------------------------------- engines (pull mode, hand-over)
export type EngineKind = 'flux' | 'argocd';

/** Where the engine's own objects live (Flux: the Kustomization; Argo CD: the Application). */
export interface PullMode {
  engine: EngineKind;
  namespace: string;
  name: string;
}

export interface FollowRemote {
  intervalSeconds: number;
}

export interface HandOverOptions {
  /** Namespace of the engine's objects (flux-system, argocd). */
  namespace: string;
  /** Name of the Kustomization / GitRepository / Application. */
  name: string;
  /** Reconcile interval (Flux), e.g. "1m". */
  interval: string;
  prune: boolean;
  /** Repository folder the generated file is committed into. */
  folder: string;
}

export interface HandOverSource {
  repoUrl: string;
  branch: string;
  /** Path of the manifests inside the repository, "./" for the root. */
  path: string;
  targetNamespace: string;
  /** The cluster's API address (Argo CD's destination.server). */
  server: string;
}

export interface HandOverPreview {
  engine: EngineKind;
  source: HandOverSource;
  /** The file to commit, relative to the repository root. */
  file: string;
  content: string;
  /** What to look at before going ahead (no remote, unpushed commits, local remote URL...). */
  warnings: string[];
}

export interface HandOverResult {
  /** The commit made, when asked to commit. */
  commit?: string;
  /** Objects applied (or checked, with dryRun), as "Kind namespace/name". */
  applied: string[];
  dryRun: boolean;
  app: AppSettings;
}

export interface EngineStatus {
  engine: EngineKind;
  namespace: string;
  name: string;
  /** False when the engine's object is not in the cluster (yet). */
  found: boolean;
  ready: 'True' | 'False' | 'Unknown';
  message?: string;
  /** The commit the engine applied last, when it says. */
  appliedRevision?: string;
  /** The commit the engine's source fetched last. */
  sourceRevision?: string;
  localHead?: string;
  remoteHead?: string;
  suspended: boolean;
}

export interface RemoteTracking {
  remote?: string;
  branch: string | null;
  ahead: number;
  behind: number;
  lastFetchedAt?: string;
  /** Why the last fetch or fast-forward did not happen. */
  problem?: string;
}
