/**
 * THE contract between the renderer and the main process. Every request is one entry in
 * `requests` (its params schema, validated at run time in main, and its result type); every event
 * stream is one entry in `events`. Both transports (Electron IPC and the browser-mode WebSocket)
 * serve exactly this map, and the handler map in src-main/api is typed from it, so a missing
 * handler does not compile.
 */
import { z } from 'zod';
import type { ApiError } from './errors';
import type * as M from './model';

/** Declares a request: `req<Result>()(paramsSchema)`. */
function req<Result>() {
  return <P extends z.ZodType>(params: P) => ({ params, result: undefined as unknown as Result });
}
/** Declares an event stream carrying `Payload`. */
function evt<Payload>() {
  return { payload: undefined as unknown as Payload };
}

// Identifiers and paths that reach main are bounded so a hostile caller cannot make us allocate.
const id = z.string().min(1).max(200);
const appId = z.object({ appId: id });
const relPath = z.string().min(1).max(4096);
const oid = z.string().regex(/^[0-9a-f]{40}$/, 'a full 40-character commit id');
const compareWith = z.enum(['HEAD', 'worktree']);
const appOptions = z.object({ prune: z.boolean(), autoSync: z.boolean(), selfHeal: z.boolean() });
const identity = z.object({ name: z.string().min(1).max(200), email: z.string().min(3).max(320) });
// A resource id is "group/Kind/namespace/name": up to 253 + 63 + 63 + 253 characters and 3 slashes.
const resourceIdParam = z
  .string()
  .min(1)
  .max(253 + 63 + 63 + 253 + 3);
const syncOptions = z.object({
  prune: z.boolean(),
  force: z.boolean(),
  applyAll: z.boolean(),
  resources: z.array(resourceIdParam).max(20000).optional(),
  /** Keep fields other managers own, even ones changed by hand (kubectl scale/edit): today's strict mode. */
  respectManagers: z.boolean().optional(),
  /** Resource ids to take over from the field managers that own conflicting fields (force for these only). */
  takeOver: z.array(resourceIdParam).max(20000).optional(),
  /** Resource ids to delete and create again: an update of an immutable field cannot be applied in place. */
  recreate: z.array(resourceIdParam).max(20000).optional(),
  /** The app's name, typed by the user to allow a large prune or one that deletes a Namespace or CRD. */
  confirm: z.string().max(200).optional(),
  /** Also change objects another engine or app manages (the user was asked, and agreed). */
  changeShared: z.boolean().optional(),
});
// Ignore rules (Argo CD's ignoreDifferences): shapes and sizes here; main checks pointer syntax.
const ignoreName = z.string().min(1).max(253);
const ignoreRule = z
  .object({
    group: z.string().max(253),
    kind: z.string().min(1).max(63),
    name: ignoreName.optional(),
    namespace: z.string().min(1).max(63).optional(),
    jsonPointers: z.array(z.string().min(1).max(1024)).max(100).optional(),
    managedFieldsManagers: z.array(z.string().min(1).max(128)).max(100).optional(),
  })
  .refine((r) => (r.jsonPointers?.length ?? 0) + (r.managedFieldsManagers?.length ?? 0) > 0, {
    message: 'An ignore rule needs at least one JSON pointer or field manager',
  });
// ---------------------------------------------------------------- chart settings
/** A value file path stays inside the repository: no absolute paths, no leading "..". */
const chartPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !/^([a-zA-Z]:)?[\\/]/.test(p) && !p.split(/[\\/]/).includes('..'), {
    message: 'a path inside the app folder',
  });
export const helmSettings = z.object({
  valueFiles: z.array(chartPath).max(50).default([]),
  releaseName: z
    .string()
    .max(53)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'lowercase letters, digits and dashes')
    .optional(),
  set: z
    .array(
      z
        .string()
        .min(3)
        .max(10000)
        .regex(/^[^=]+=/, 'key=value'),
    )
    .max(200)
    .default([]),
  includeCrds: z.boolean().default(true),
});

const engineKind = z.enum(['flux', 'argocd']);
const k8sName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a lowercase DNS label (a-z, 0-9, -)');
const handOverOptions = z
  .object({
    namespace: k8sName,
    name: k8sName,
    interval: z.string().regex(/^([0-9]+(ms|s|m|h))+$/, 'a duration such as 1m or 30s'),
    prune: z.boolean(),
    folder: z.string().max(1024),
  })
  .partial();
const followRemote = z.object({ intervalSeconds: z.number().int().min(2).max(86400) });
const newApp = z.object({
  name: z.string().min(1).max(100),
  repoPath: z.string().min(1).max(4096),
  appPath: z.string().max(4096).default(''),
  context: z.string().min(1).max(253),
  namespace: z.string().min(1).max(63),
  options: appOptions.optional(),
  author: identity.optional(),
  ignoreDifferences: z.array(ignoreRule).max(500).optional(),
  helm: helmSettings.optional(),
  followRemote: followRemote.optional(),
});

export const requests = {
  // ---------------------------------------------------------------- system
  'system.info': req<M.AppInfo>()(z.object({})),
  'system.ping': req<{ message: string; at: string }>()(z.object({ message: z.string().max(1000) })),
  /** Directory completion for the add-app path field (browser mode has no native picker). */
  'system.completePath': req<{ entries: string[] }>()(z.object({ prefix: z.string().max(4096) })),
  /** Native folder picker; null when cancelled or when the transport has no dialogs (browser). */
  'system.pickFolder': req<{ path: string | null }>()(z.object({})),

  // ---------------------------------------------------------------- apps
  'apps.list': req<{ apps: M.AppSummary[]; problem?: M.SettingsProblem }>()(z.object({})),
  'apps.add': req<M.AppSettings>()(newApp),
  'apps.update': req<M.AppSettings>()(
    // appPath without its default: an update that does not mention it must not reset it.
    z.object({
      appId: id,
      changes: newApp
        .extend({ appPath: z.string().max(4096), followRemote: followRemote.nullable() })
        .partial()
        .omit({ repoPath: true }),
    }),
  ),
  'apps.remove': req<{ removed: boolean }>()(appId),
  'apps.createSample': req<M.AppSettings>()(
    z.object({
      context: z.string().min(1).max(253).optional(),
      namespace: z.string().min(1).max(63).optional(),
    }),
  ),
  /** Turns a plain folder into a git repository (offered when opening one). */
  'apps.initRepository': req<{ repoPath: string }>()(z.object({ path: z.string().min(1).max(4096) })),

  // ---------------------------------------------------------------- repository
  'repo.info': req<M.RepoInfo>()(appId),
  'repo.status': req<{ changes: M.FileChange[] }>()(appId),
  'repo.listFiles': req<{ files: M.FileEntry[] }>()(appId),
  'repo.readFile': req<{ content: string }>()(z.object({ appId: id, path: relPath })),
  'repo.writeFile': req<{ written: true }>()(
    z.object({ appId: id, path: relPath, content: z.string().max(20 * 1024 * 1024) }),
  ),
  'repo.deleteFile': req<{ deleted: true }>()(z.object({ appId: id, path: relPath })),
  'repo.commit': req<{ oid: string }>()(
    z.object({
      appId: id,
      paths: z.array(relPath).min(1).max(20000),
      message: z.string().min(1).max(100000),
    }),
  ),
  'repo.log': req<M.CommitPage>()(
    z.object({
      appId: id,
      path: relPath.optional(),
      limit: z.number().int().min(1).max(500).default(50),
      cursor: oid.optional(),
    }),
  ),
  'repo.commitFiles': req<{ files: M.CommitFileChange[] }>()(z.object({ appId: id, oid })),
  'repo.fileDiff': req<{ before: string | null; after: string | null }>()(
    z.object({ appId: id, path: relPath, from: oid.nullable(), to: oid }),
  ),
  'repo.fileAt': req<{ content: string | null }>()(z.object({ appId: id, path: relPath, oid })),
  'repo.revert': req<{ oid: string }>()(z.object({ appId: id, oid })),
  'repo.branches': req<{ current: string | null; branches: string[] }>()(appId),
  'repo.switchBranch': req<{ branch: string }>()(z.object({ appId: id, branch: z.string().min(1).max(255) })),
  'repo.fetch': req<{ fetched: boolean }>()(z.object({ appId: id, remote: z.string().max(255).optional() })),
  'repo.pull': req<{ head: string; updated: boolean }>()(
    z.object({ appId: id, remote: z.string().max(255).optional() }),
  ),
  'repo.push': req<{ pushed: boolean }>()(z.object({ appId: id, remote: z.string().max(255).optional() })),
  /** Stores a token for the app's remote; it never comes back to the renderer. */
  'repo.setToken': req<{ stored: boolean; persistent: boolean }>()(
    z.object({ appId: id, username: z.string().max(255).optional(), token: z.string().min(1).max(10000) }),
  ),

  // ---------------------------------------------------------------- manifests
  'manifests.load': req<M.ManifestSet>()(z.object({ appId: id, revision: z.union([compareWith, oid]) })),

  // ---------------------------------------------------------------- cluster
  'kube.contexts': req<M.KubeContexts>()(z.object({})),
  'kube.namespaces': req<{ namespaces: string[] }>()(z.object({ context: z.string().min(1).max(253) })),
  'kube.check': req<M.ConnectionState>()(z.object({ context: z.string().min(1).max(253) })),
  'kube.schemas': req<M.OpenApiSchemas>()(z.object({ context: z.string().min(1).max(253) })),

  // ---------------------------------------------------------------- state and sync
  'state.get': req<M.AppState>()(z.object({ appId: id, compareWith: compareWith.default('HEAD') })),
  'state.refresh': req<M.AppState>()(
    z.object({ appId: id, compareWith: compareWith.default('HEAD'), hard: z.boolean().default(false) }),
  ),
  'state.diff': req<M.ResourceDiff>()(z.object({ appId: id, resourceId: resourceIdParam, compareWith })),
  'state.events': req<{ events: M.KubeEvent[] }>()(z.object({ appId: id, resourceId: resourceIdParam })),
  'state.podLogs': req<{ text: string }>()(
    z.object({
      appId: id,
      resourceId: resourceIdParam,
      container: z.string().max(253).optional(),
      tailLines: z.number().int().min(1).max(10000).default(500),
    }),
  ),
  // ---------------------------------------------------------------- logs and app events
  /** Pods and containers whose logs the resource has (a Pod, or the pods a workload selects). */
  'logs.targets': req<M.LogTargets>()(z.object({ appId: id, resourceId: id.max(1000) })),
  /** Starts streaming logs; lines arrive as `logs.lines` events until `logs.stop` or the end. */
  'logs.start': req<{ streamId: string; pods: string[] }>()(
    z.object({
      appId: id,
      resourceId: id.max(1000),
      /** Absent: every container of every pod. */
      container: z.string().max(253).optional(),
      follow: z.boolean().default(true),
      previous: z.boolean().default(false),
      timestamps: z.boolean().default(false),
      tailLines: z.number().int().min(0).max(10000).default(500),
    }),
  ),
  'logs.stop': req<{ stopped: boolean }>()(z.object({ streamId: id })),
  /** Every Event about the app's objects, newest first; `events.changed` says when to ask again. */
  'events.app': req<{ events: M.AppEvent[] }>()(appId),
  'sync.plan': req<M.SyncPlan>()(z.object({ appId: id, options: syncOptions })),
  'sync.start': req<{ syncId: string }>()(
    z.object({ appId: id, options: syncOptions, trigger: z.enum(['manual', 'rollback']).default('manual') }),
  ),
  'sync.cancel': req<{ cancelled: boolean }>()(appId),
  'sync.history': req<{ runs: M.SyncRun[] }>()(
    z.object({ appId: id, limit: z.number().int().min(1).max(1000).default(100) }),
  ),
  /** Rollback = revert the commit in git, then sync the new HEAD. */
  'sync.rollback': req<{ revertOid: string; syncId: string }>()(
    z.object({ appId: id, oid, options: syncOptions }),
  ),

  // ---------------------------------------------------------------- rollback to a revision
  /** Roll back TO a commit: the app's files as of `oid` committed on top of HEAD, then synced. */
  'rollback.toRevision': req<{ commitOid: string; syncId: string }>()(
    z.object({ appId: id, oid, options: syncOptions }),
  ),

  // ---------------------------------------------------------------- engines (hand-over, pull mode)
  /** The engine's objects for this app, to review before committing or applying them. */
  'engines.preview': req<M.HandOverPreview>()(
    z.object({ appId: id, engine: engineKind, options: handOverOptions.optional() }),
  ),
  /** Commits and/or applies (or dry-runs) the engine's objects; applying puts the app in pull mode. */
  'engines.handOver': req<M.HandOverResult>()(
    z.object({
      appId: id,
      engine: engineKind,
      options: handOverOptions.optional(),
      commit: z.boolean(),
      apply: z.boolean(),
      dryRun: z.boolean().default(false),
    }),
  ),
  'engines.status': req<M.EngineStatus>()(appId),
  /** Pull mode's primary action: push the branch, then ask the engine to reconcile now. */
  'engines.pushAndReconcile': req<{ pushed: boolean; requestedAt: string }>()(appId),
  'engines.setSuspended': req<M.EngineStatus>()(z.object({ appId: id, suspended: z.boolean() })),
  /** Back to push mode (the engine's objects stay in the cluster). */
  'engines.release': req<M.AppSettings>()(appId),

  // ---------------------------------------------------------------- remote (desktop pull)
  /** Ahead/behind against the remote branch; with fetch, fetches (and fast-forwards a follower) first. */
  'remote.tracking': req<M.RemoteTracking>()(z.object({ appId: id, fetch: z.boolean().default(false) })),
};

export const events = {
  'system.tick': evt<M.DemoTick>(),
  'apps.changed': evt<{ apps: M.AppSummary[] }>(),
  /** Files changed in the working copy or HEAD moved (also from outside the app). */
  'repo.changed': evt<{ appId: string; paths: string[]; headChanged: boolean }>(),
  'state.changed': evt<M.AppState>(),
  'sync.progress': evt<{ appId: string; syncId: string; item: M.SyncItemResult }>(),
  'sync.finished': evt<M.SyncRun>(),
  notice: evt<M.Notice>(),
  /** A running sync's wave: applying, waiting for health (with the time waited), done. */
  'sync.wave': evt<M.SyncWaveProgress>(),
  /** A finished sync's objects all became healthy (SyncRun.healthyAt set), or gave up waiting. */
  'sync.healthy': evt<M.SyncRun>(),
  /** A context's connection status changed, as the latest requests to its API server found it. */
  'kube.connection': evt<M.ConnectionState>(),
  'logs.lines': evt<M.LogBatch>(),
  /** An Event about one of the app's objects was added or changed. */
  'events.changed': evt<{ appId: string }>(),
  /** Where a followed branch stands after each fetch. */
  'remote.tracking': evt<{ appId: string; tracking: M.RemoteTracking }>(),
};

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type Params<N extends RequestName> = z.input<Requests[N]['params']>;
/** Params after validation and defaults, as handlers receive them. */
export type ParsedParams<N extends RequestName> = z.output<Requests[N]['params']>;
export type Result<N extends RequestName> = Requests[N]['result'];

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E]['payload'];

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** What every transport returns for a request. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiError };

/** The one interface the renderer (and tests) use, whatever the transport. */
export interface ApiClient {
  call<N extends RequestName>(name: N, params: Params<N>): Promise<Result<N>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}
