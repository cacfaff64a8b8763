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
import type { ChildObject } from './live-tree';
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
  children: ChildObject[];
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
  return {
    ...base,
    health: h.status,
    ...(h.reason ? { healthReason: h.reason } : {}),
    ...(h.info ? { info: h.info } : {}),
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
      syncReason: 'Created by this app, no longer in git',
    };
    resources.push(withHealth(base, e.key.group, e.key.kind, e.live, input.health));
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
  const top = resources.filter((r) => r.parentId === undefined);
  const health: HealthStatus = connected
    ? worstHealth(top.filter((r) => r.sync !== 'Extraneous').map((r) => r.health))
    : 'Unknown';
  return {
    appId: input.appId,
    compareWith: input.compareWith,
    revision: input.revision,
    sync: appSyncStatus(
      top.map((r) => r.sync),
      connected,
    ),
    health,
    resources,
    problems: input.problems,
    connection: input.connection,
    comparedAt: new Date().toISOString(),
    syncing: input.syncing,
  };
}
