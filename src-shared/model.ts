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
  /** Fields left out of comparison, drift, self-heal and sync (Argo CD's ignoreDifferences). */
  ignoreDifferences?: IgnoreRule[];
  /** How a Helm chart in the app folder is rendered; absent = chart defaults. */
  helm?: HelmSettings;
  /** Set once the app is handed over to an in-cluster engine: the desktop no longer applies. */
  pullMode?: PullMode;
  /** Desktop pull: fetch the remote branch every N seconds and fast-forward when possible. */
  followRemote?: FollowRemote;
}

/**
 * One ignore rule, as in Argo CD's `ignoreDifferences`: which resources (group and kind, `*` for
 * any; name and namespace optional, `*` wildcards allowed) and which of their fields (JSON pointers,
 * and every field owned by one of the named field managers).
 */
export interface IgnoreRule {
  group: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  managedFieldsManagers?: string[];
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
  /** Another owner of the live object: "Flux Kustomization flux-system/apps", "Argo CD app web". */
  managedBy?: string;
  /** The server's dry run refuses the manifest itself (invalid, unknown field): `syncReason` says why. */
  rejected?: boolean;
  /** A hook object a sync created (a migration Job): shown, but not counted in the app's status. */
  hook?: HookPhase;
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
  /** Why the app is out of sync when the server rejects resources: "the server rejects 2: …". */
  syncReason?: string;
}

export interface ResourceDiff {
  id: string;
  desiredYaml: string;
  liveYaml: string;
  /** Secret keys whose (masked) values differ. */
  changedSecretKeys?: string[];
  /** JSON pointers of the fields that differ (a few), each one a candidate for an ignore rule. */
  differingFields?: string[];
  /**
   * Why git's side cannot be shown (the file that defined the object has a problem): the view then
   * shows the live object with this reason, not a diff that reads as a deletion.
   */
  desiredUnknown?: string;
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
  /** Strict mode: never take a field back from another manager, not even from kubectl edits. */
  respectManagers?: boolean;
  /** Resource ids whose conflicting fields are taken over (forced) from their current managers. */
  takeOver?: string[];
  /** The app's name typed by the user: required for a large prune or one of a Namespace or CRD. */
  confirm?: string;
  /** Also change objects another engine or app manages (the user was asked, and agreed). */
  changeShared?: boolean;
  /** Resource ids to delete and create again, because an update would change an immutable field. */
  recreate?: string[];
}

/** An update the server refuses in place (an immutable field): deleting and creating it applies it. */
export interface PlanRecreate {
  /** The immutable fields the server names, e.g. `spec.selector`. */
  fields: string[];
  /** Whether this sync recreates it: the user chose it, or the manifest allows it (Force=true,Replace=true). */
  chosen: boolean;
  byAnnotation?: boolean;
}

/** Another field manager owns fields a sync would change. */
export interface PlanConflict {
  managers: string[];
  fields: string[];
  /** True when every manager is a person's client (kubectl, a dashboard): a manual sync takes them back. */
  outOfBand: boolean;
  advice: string;
}

/** Why a plan does not prune, or what a prune needs first. */
export interface PrunePolicy {
  /** Set when prune is refused for the whole app, with the reason (naming file:line). */
  blocked?: string;
  /** Set when the prune needs the app's name typed (large, or a Namespace or CRD). */
  confirm?: { phrase: string; reason: string };
}

export interface SyncWaveProgress {
  appId: string;
  syncId: string;
  wave: number;
  phase: 'applying' | 'waiting' | 'healthy' | 'unhealthy';
  /** While waiting: how long so far and the limit. */
  waitedMs?: number;
  timeoutMs?: number;
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'prune' | 'error';

/**
 * Argo CD's resource hook phases: PreSync runs (and completes) before the first wave, Sync with its
 * wave, PostSync once everything is healthy, SyncFail when the sync fails.
 */
export type HookPhase = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail';

export interface SyncPlanItem {
  id: string;
  key: ResourceKey;
  wave: number;
  action: PlanAction;
  message?: string;
  /** The wave it is applied in, when it differs from its own (a Namespace or CRD pulled forward). */
  effectiveWave?: number;
  /** Why it moved. */
  movedReason?: string;
  conflict?: PlanConflict;
  /** The other owner of the live object, when a sync would change it. */
  managedBy?: string;
  recreate?: PlanRecreate;
  /** A hook, with the phase it runs in; 'Skip' for an object a sync never applies. */
  hook?: HookPhase | 'Skip';
}

export interface SyncPlan {
  appId: string;
  revision: string;
  items: SyncPlanItem[];
  problems: ManifestProblem[];
  prune?: PrunePolicy;
}

export type SyncItemPhase = 'pending' | 'applying' | 'applied' | 'failed' | 'healthy' | 'pruned' | 'skipped';

export interface SyncItemResult {
  id: string;
  key: ResourceKey;
  action: PlanAction;
  phase: SyncItemPhase;
  message?: string;
  /** The wave it is applied in. */
  wave?: number;
  /** The file (or rendered folder) it was applied from: lets a later broken file protect it from prune. */
  file?: string;
  /** A hook, with the phase it ran in. */
  hook?: HookPhase;
}

export type SyncRunPhase =
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Cancelled'
  /** Began but never finished: the app stopped (crash, kill) while it ran. */
  | 'Interrupted';

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
  /** Objects this run deleted (prune). A run that deleted is never shown as a bare success. */
  deleted?: { id: string; key: ResourceKey }[];
  /** When every applied object became healthy; set after the run itself finished. */
  healthyAt?: string;
  /** Set when the objects did not all become healthy within the wait. */
  healthMessage?: string;
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
