import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, SyncItemResult, SyncOptions, SyncRun } from '../../../src-shared/model';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import type { KubeObject } from '../cluster/kube-object';
import { isSecret, scrub, secretValues } from '../compare/secret-mask';
import { assessHealth } from '../health/assess-health';
import type { HealthResult } from '../health/health-types';
import { rulesFor, stripIgnoredForApply } from '../ignore/ignore-rules';
import { applySteps } from './sync-order';
import type { PlannedItem } from './sync-planner';
import { fieldManager, isTrackedBy, withTracking } from './tracking';

export interface SyncRunInput {
  run: SyncRun;
  conn: ClusterConnection;
  app: AppSettings;
  options: SyncOptions;
  plan: PlannedItem[];
  signal: AbortSignal;
  progress(item: SyncItemResult): void;
  /** How long a wave may take to become healthy before later waves are given up. */
  waveTimeoutMs: number;
  /** How long the last wave is watched for health before the run is reported. */
  finalWaitMs: number;
  concurrency?: number;
}

const settled = (h: HealthResult) => h.status === 'Healthy' || h.status === 'Suspended';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function messageOf(err: unknown, item: PlannedItem): string {
  const message = err instanceof Error ? err.message : String(err);
  // Server messages may echo what was sent; for a Secret that would be its values.
  const body = item.resource?.body;
  return body && isSecret(item.key.group, item.key.kind) ? scrub(message, secretValues(body)) : message;
}

/**
 * Runs a plan: waves in order, each wave's steps (kind groups) with bounded concurrency, waits for
 * health between waves, then prunes. One resource's failure never stops unrelated ones; a wave that
 * does not become healthy stops the later waves (their resources depend on it by design).
 */
export class SyncRunner {
  private readonly results = new Map<string, SyncItemResult>();

  constructor(private readonly input: SyncRunInput) {}

  private set(item: PlannedItem, phase: SyncItemResult['phase'], message?: string): void {
    const result: SyncItemResult = {
      id: item.id,
      key: item.key,
      action: item.action,
      phase,
      ...(message ? { message } : {}),
    };
    this.results.set(item.id, result);
    this.input.progress(result);
  }

  async run(): Promise<SyncRun> {
    const { plan, signal, run } = this.input;
    const applies = plan.filter((p) => p.apply);
    const prunes = plan.filter((p) => p.action === 'prune');
    for (const p of [...applies, ...prunes]) this.set(p, 'pending');
    let stopReason: string | undefined;
    const steps = applySteps(applies);
    for (let i = 0; i < steps.length && !stopReason; i++) {
      const step = steps[i]!;
      if (signal.aborted) break;
      await this.applyAll(step.items);
      const lastOfWave = steps[i + 1]?.wave !== step.wave;
      const gate = step.items.some(
        (p) => p.key.kind === 'Namespace' || p.key.kind === 'CustomResourceDefinition',
      );
      if (step.items.some((p) => p.key.kind === 'CustomResourceDefinition'))
        this.input.conn.discovery.invalidate();
      const isLast = i === steps.length - 1;
      if (lastOfWave || gate) {
        const waveItems =
          isLast || lastOfWave
            ? applies.filter((p) => steps.slice(0, i + 1).some((s) => s.items.includes(p)))
            : step.items;
        const ok = await this.waitHealthy(
          waveItems,
          isLast ? this.input.finalWaitMs : this.input.waveTimeoutMs,
        );
        if (!ok && !isLast)
          stopReason = `Wave ${step.wave} did not become healthy; later waves were not applied`;
      }
    }
    for (const p of applies) {
      if (this.results.get(p.id)?.phase === 'pending')
        this.set(p, 'skipped', signal.aborted ? 'Cancelled' : stopReason);
    }
    if (!signal.aborted && !stopReason) await this.prune(prunes);
    for (const p of prunes) {
      if (this.results.get(p.id)?.phase === 'pending')
        this.set(p, 'skipped', signal.aborted ? 'Cancelled' : stopReason);
    }

    const items = plan.filter((p) => this.results.has(p.id)).map((p) => this.results.get(p.id)!);
    const failed = items.filter((i) => i.phase === 'failed');
    const phase = signal.aborted ? 'Cancelled' : failed.length > 0 || stopReason ? 'Failed' : 'Succeeded';
    const message = signal.aborted
      ? 'Cancelled before the next resource'
      : failed.length > 0
        ? `${failed.length} of ${items.length} resources failed`
        : (stopReason ?? `${items.length} resources synced`);
    return { ...run, items, phase, message, finishedAt: new Date().toISOString() };
  }

  private async applyAll(items: PlannedItem[]): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++]!;
        if (this.input.signal.aborted) return;
        await this.applyOne(item);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.input.concurrency ?? 8, items.length) }, worker));
  }

  private async infoFor(item: PlannedItem): Promise<ApiResource> {
    const { conn } = this.input;
    if (item.resource?.info) return item.resource.info;
    const version = item.resource?.apiVersion.split('/').pop();
    return conn.discovery.require(item.key.group, item.key.kind, version ?? 'v1');
  }

  private async applyOne(item: PlannedItem): Promise<void> {
    const { conn, app, options, run } = this.input;
    this.set(item, 'applying');
    try {
      const info = await this.infoFor(item);
      const body: KubeObject = item.autoNamespace
        ? { apiVersion: 'v1', kind: 'Namespace', metadata: { name: item.key.name } }
        : stripIgnoredForApply(
            withTracking(item.resource!.body, app.id, item.key, run.revision),
            item.resource!.live,
            rulesFor(app.ignoreDifferences, item.key),
          );
      const applied = await conn.client.apply(info, item.key.namespace, item.key.name, body, {
        fieldManager,
        force: options.force,
      });
      conn.live.remember(info, applied);
      this.set(item, 'applied');
    } catch (err) {
      this.set(item, 'failed', messageOf(err, item));
    }
  }

  private async health(item: PlannedItem): Promise<HealthResult> {
    const { conn } = this.input;
    const info = item.resource?.info ?? (await conn.discovery.find(item.key.group, item.key.kind));
    if (!info) return { status: 'Unknown' };
    let live = conn.live.get(info, item.key.namespace, item.key.name);
    if (!live || conn.live.error(info, item.key.namespace))
      live = await conn.client.get(info, item.key.namespace, item.key.name).catch(() => live);
    return assessHealth(item.key.group, item.key.kind, live);
  }

  /**
   * Health is read from the watch caches; without a watch for a (type, namespace) every poll would
   * GET each object again. Scopes that cannot be watched fall back to GETs in health().
   */
  private async watchScopes(items: PlannedItem[]): Promise<void> {
    const { conn } = this.input;
    const scopes = new Map<string, { info: ApiResource; namespace: string }>();
    for (const item of items) {
      const info =
        item.resource?.info ??
        (await conn.discovery.find(item.key.group, item.key.kind).catch(() => undefined));
      if (info)
        scopes.set(`${info.group}/${info.resource}/${item.key.namespace}`, {
          info,
          namespace: item.key.namespace,
        });
    }
    await Promise.all(
      [...scopes.values()].map((s) => conn.live.ensure(s.info, s.namespace).catch(() => undefined)),
    );
  }

  /** Waits until every applied item is Healthy (or Suspended) or Degraded; false when not all are healthy. */
  private async waitHealthy(items: PlannedItem[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(items.filter((p) => this.results.get(p.id)?.phase === 'applied'));
    await this.watchScopes([...pending]);
    let allHealthy = true;
    while (pending.size > 0 && !this.input.signal.aborted) {
      for (const p of [...pending]) {
        const h = await this.health(p);
        if (settled(h)) {
          this.set(p, 'healthy');
          pending.delete(p);
        } else if (h.status === 'Degraded') {
          this.set(p, 'applied', `Degraded: ${h.reason ?? 'unhealthy'}`);
          pending.delete(p);
          allHealthy = false;
        }
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) {
        for (const p of pending)
          this.set(p, 'applied', `Not healthy after ${Math.round(timeoutMs / 1000)} s`);
        return false;
      }
      await sleep(250);
    }
    return allHealthy && !items.some((p) => this.results.get(p.id)?.phase === 'failed');
  }

  private async prune(items: PlannedItem[]): Promise<void> {
    const { conn, app } = this.input;
    for (const item of items) {
      if (this.input.signal.aborted) return;
      const e = item.prune!;
      this.set(item, 'applying');
      try {
        // Re-read: only an object that still carries our mark for itself is ever deleted.
        const live = await conn.client.get(e.info, e.key.namespace, e.key.name);
        if (!live) {
          this.set(item, 'pruned', 'Already gone');
          continue;
        }
        if (!isTrackedBy(live, app.id, e.key)) {
          this.set(item, 'skipped', "No longer carries this app's tracking mark: left alone");
          continue;
        }
        await conn.client.delete(e.info, e.key.namespace, e.key.name, 'Foreground');
        this.set(item, 'pruned');
      } catch (err) {
        this.set(item, 'failed', err instanceof ApiFailure ? err.message : String(err));
      }
    }
  }
}
