import type {
  AppState,
  CompareWith,
  ConnectionState,
  HealthStatus,
  ManifestProblem,
  ResourceState,
  SyncStatus,
} from '../../../src-shared/model';
import { assessHealth } from '../health/assess-health';
import { worstHealth, type HealthContext } from '../health/health-types';
import type { ComparedResource, ExtraneousResource } from './app-comparer';
import type { LiveHook } from './owned-objects';
import type { GuardedResource } from '../sync/prune-guard';
import type { ChildObject } from './live-tree';
import { describeKey } from '../../../src-shared/resource-id';
import { isRejection, rejectionText } from './rejection';
import { pruneDisabled } from '../sync/sync-options';
import { replacedGeneration } from '../manifests/render-rules';
import { resourceFacts } from './resource-facts';
import { otherOwner } from '../engines/ownership';

function managedByOf(live: unknown, appId: string): { managedBy?: string } {
  const owner = otherOwner(live, appId);
  return owner ? { managedBy: owner } : {};
}

export interface StateInput {
  appId: string;
  compareWith: CompareWith;
  revision: string | null;
  problems: ManifestProblem[];
  compared: ComparedResource[];
  extraneous: ExtraneousResource[];
  /** Looks removed, but its file has a manifest problem: Unknown, never Extraneous. */
  guarded?: GuardedResource[];
  children: ChildObject[];
  /** Hook objects syncs created: listed with their outcome, outside the app's status. */
  liveHooks?: LiveHook[];
  connection: ConnectionState;
  syncing: boolean;
  health: HealthContext;
}

function withHealth(
  base: Omit<ResourceState, 'health'>,
  group: string,
  kind: string,
  live: unknown,
  ctx: HealthContext,
): ResourceState {
  const h = assessHealth(group, kind, live, ctx);
  const info = resourceFacts(group, kind, live) ?? h.info;
  return {
    ...base,
    health: h.status,
    ...(h.reason ? { healthReason: h.reason } : {}),
    ...(info ? { info } : {}),
  };
}

export function appSyncStatus(statuses: SyncStatus[], connected: boolean): SyncStatus {
  if (!connected) return 'Unknown';
  if (statuses.some((s) => s === 'OutOfSync' || s === 'Missing' || s === 'Extraneous')) return 'OutOfSync';
  if (statuses.some((s) => s === 'Unknown')) return 'Unknown';
  return 'Synced';
}

/** The app as the UI shows it: desired resources, extraneous ones, and their live children. */
export function buildAppState(input: StateInput): AppState {
  const resources: ResourceState[] = [];
  for (const c of input.compared) {
    const base = {
      id: c.id,
      key: c.key,
      apiVersion: c.apiVersion,
      sync: c.sync,
      ...(c.syncReason ? { syncReason: c.syncReason } : {}),
      source: c.source,
      ...managedByOf(c.live, input.appId),
      ...(c.dryRunError && isRejection(c.dryRunError) ? { rejected: true } : {}),
    };
    if (c.liveError !== undefined) resources.push({ ...base, health: 'Unknown', healthReason: c.liveError });
    else resources.push(withHealth(base, c.key.group, c.key.kind, c.live, input.health));
  }
  for (const e of input.extraneous) {
    const base = {
      id: e.id,
      key: e.key,
      apiVersion: e.apiVersion,
      sync: 'Extraneous' as const,
      syncReason:
        replacedGeneration(e.key, input.compared) ??
        (e.ignoreExtraneous
          ? 'Created by this app, no longer in git (IgnoreExtraneous: not counted in the app status)'
          : pruneDisabled(e.live)
            ? 'Created by this app, no longer in git (Prune=false: a sync never deletes it)'
            : 'Created by this app, no longer in git'),
    };
    resources.push(withHealth(base, e.key.group, e.key.kind, e.live, input.health));
  }
  for (const g of input.guarded ?? []) {
    const base = {
      id: g.id,
      key: g.key,
      apiVersion: g.apiVersion,
      sync: 'Unknown' as const,
      syncReason: g.reason,
      ...(g.source ? { source: g.source } : {}),
    };
    resources.push(withHealth(base, g.key.group, g.key.kind, g.live, input.health));
  }
  for (const h of input.liveHooks ?? []) {
    const base = {
      id: h.id,
      key: h.key,
      apiVersion: h.apiVersion,
      sync: 'Synced' as const,
      syncReason: `${h.phase} hook: created by each sync, not compared with git or counted in the app's status`,
      hook: h.phase,
    };
    resources.push(withHealth(base, h.key.group, h.key.kind, h.live, input.health));
  }
  for (const ch of input.children) {
    const base = {
      id: ch.id,
      key: ch.key,
      apiVersion: ch.apiVersion,
      sync: 'Synced' as const,
      parentId: ch.parentId,
    };
    resources.push(withHealth(base, ch.key.group, ch.key.kind, ch.live, input.health));
  }
  const connected = input.connection.status === 'connected';
  const top = resources.filter((r) => r.parentId === undefined && r.hook === undefined);
  const ignoredExtraneous = new Set(input.extraneous.filter((e) => e.ignoreExtraneous).map((e) => e.id));
  const health: HealthStatus = connected
    ? worstHealth(top.filter((r) => r.sync !== 'Extraneous').map((r) => r.health))
    : 'Unknown';
  const rejected = input.compared.filter((c) => c.dryRunError && isRejection(c.dryRunError));
  const syncReason =
    rejected.length === 0
      ? undefined
      : rejected.length === 1
        ? `${describeKey(rejected[0]!.key)}: ${rejectionText(rejected[0]!)}`
        : `The server rejects ${rejected.length} resources, first ${describeKey(rejected[0]!.key)}: ${rejectionText(rejected[0]!)}`;
  return {
    appId: input.appId,
    compareWith: input.compareWith,
    revision: input.revision,
    sync: appSyncStatus(
      top.filter((r) => !ignoredExtraneous.has(r.id)).map((r) => r.sync),
      connected,
    ),
    health,
    resources,
    problems: input.problems,
    connection: input.connection,
    comparedAt: new Date().toISOString(),
    syncing: input.syncing,
    ...(syncReason ? { syncReason } : {}),
  };
}
