import type { EventName, EventPayload } from '../../../src-shared/api';
import type { AppSettings } from '../../../src-shared/model';
import type { DesiredObject, LoadedManifests, ManifestRevision } from '../manifests/types';

/** What the controller needs from the app registry (AppRegistry satisfies it). */
export interface AppsSource {
  get(appId: string): AppSettings;
  list(): AppSettings[];
  onChange(listener: (apps: AppSettings[]) => void): () => void;
}

/** What the controller needs from the manifest loader (ManifestService satisfies it). */
export interface ManifestsSource {
  /** `parsed` hears each file's objects as soon as they are parsed (see ManifestService.load). */
  load(
    app: AppSettings,
    revision: ManifestRevision,
    parsed?: (objects: readonly DesiredObject[]) => void,
  ): Promise<LoadedManifests>;
  /** The watcher's changed paths (app-relative), so the next working-copy load can be incremental. */
  changed?(app: AppSettings, paths: string[], headChanged: boolean): void;
  clearCaches?(): void;
}

/** What the controller needs from the git side (RepoService satisfies it). */
export interface RepoSource {
  revert(app: AppSettings, oid: string): Promise<string>;
  onRepoChanged(listener: (appId: string, paths: string[], headChanged: boolean) => void): () => void;
}

export interface ControllerTimings {
  /** Coalesces bursts of watch events into one re-comparison. */
  debounceMs: number;
  /** Max wait for a wave to become healthy before later waves are given up. */
  waveTimeoutMs: number;
  /** How long health is followed after a run ended, before `healthyAt` is given up. */
  finalWaitMs: number;
  /** Minimum time between two self-heal syncs of one app, so we never fight another controller. */
  selfHealIntervalMs: number;
}

export const defaultTimings: ControllerTimings = {
  debounceMs: 50,
  waveTimeoutMs: 120_000,
  // A Deployment's default progress deadline: by then a stuck rollout reports Degraded itself, so
  // giving up earlier would only cut short a slow but healthy rollout (a busy cluster, big images).
  finalWaitMs: 600_000,
  selfHealIntervalMs: 3000,
};

/** Where the controller publishes events (the EventHub). */
export interface ControllerEvents {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}
