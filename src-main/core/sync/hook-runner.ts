import type { AppSettings, HookPhase, SyncItemPhase, SyncItemResult } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import type { ClusterConnection } from '../cluster/cluster-connection';
import type { ApiResource } from '../cluster/discovery';
import { str, type KubeObject } from '../cluster/kube-object';
import { assessHealth } from '../health/assess-health';
import { hookOutcome, type HookOutcome } from './hooks';
import type { PlannedItem } from './sync-planner';
import { fieldManager, isTrackedBy, withTracking } from './tracking';
import { sleep, waitUntilGone } from './wait-gone';

export interface HookContext {
  conn: ClusterConnection;
  app: AppSettings;
  revision: string;
  signal: AbortSignal;
  /** How long one wave of hooks may take to complete (the run's wave timeout). */
  timeoutMs: number;
  set(item: PlannedItem, phase: SyncItemPhase, message?: string): void;
  /** The name each created hook got (the server picks it for `generateName`), by plan item id. */
  names: Map<string, string>;
  /** Why an item failed, in the words the rest of the run uses. */
  failureText(err: unknown, item: PlannedItem): string;
}

/**
 * Creates hooks and waits for them as Argo CD does: a phase's hooks run wave by wave, each wave's
 * hooks together, and a wave must complete before the next starts. The previous object of a named
 * hook is deleted first (BeforeHookCreation), so a finished Job runs again on the next sync.
 */
export class HookRunner {
  constructor(private readonly ctx: HookContext) {}

  /** Runs the hooks of one phase (in plan order); returns why the phase failed, if it did. */
  async runPhase(items: PlannedItem[], phase: HookPhase): Promise<string | undefined> {
    const waves = [...new Set(items.map((i) => i.wave))];
    for (const wave of waves) {
      if (this.ctx.signal.aborted) return undefined;
      const group = items.filter((i) => i.wave === wave);
      const outcomes = await Promise.all(group.map((item) => this.runOne(item)));
      const failed = group.filter((_, i) => outcomes[i] === false);
      if (failed.length > 0)
        return `${phase} hook ${failed.map((f) => describeKey(f.key)).join(', ')} failed`;
    }
    return undefined;
  }

  private async runOne(item: PlannedItem): Promise<boolean> {
    const { ctx } = this;
    ctx.set(item, 'applying');
    let info: ApiResource;
    let name: string;
    try {
      info = await this.infoFor(item);
      const created = await this.create(item, info);
      name = str(created, 'metadata.name') ?? item.key.name;
    } catch (err) {
      ctx.set(item, 'failed', ctx.failureText(err, item));
      return false;
    }
    const what = item.hook?.generated ? `created as ${name}` : 'created';
    ctx.set(item, 'applied', `Running: ${what}`);
    const outcome = await this.waitDone(item, info, name);
    if (ctx.signal.aborted && outcome.state === 'running') {
      ctx.set(item, 'applied', `Cancelled while running (${what})`);
      return false;
    }
    const ok = outcome.state === 'succeeded';
    const deleted = await this.deleteAfter(item, info, name, ok);
    const suffix = deleted ? '; deleted by its delete policy' : '';
    if (ok) ctx.set(item, 'healthy', `Completed (${what})${suffix}`);
    else ctx.set(item, 'failed', `${outcome.state === 'failed' ? outcome.reason : 'Not complete'}${suffix}`);
    return ok;
  }

  private async infoFor(item: PlannedItem): Promise<ApiResource> {
    if (item.resource?.info) return item.resource.info;
    const version = item.resource?.apiVersion.split('/').pop() ?? 'v1';
    return this.ctx.conn.discovery.require(item.key.group, item.key.kind, version);
  }

  /**
   * Creates the hook's object. A named hook whose previous object still exists is deleted first
   * (BeforeHookCreation, the default); without that policy the existing one is applied over.
   */
  async create(item: PlannedItem, info?: ApiResource): Promise<KubeObject> {
    const { conn, app, revision, signal } = this.ctx;
    const resolved = info ?? (await this.infoFor(item));
    const { namespace, name } = item.key;
    const body = withTracking(item.resource!.body, app.id, item.key, revision);
    let created: KubeObject;
    const existing = item.hook?.generated
      ? undefined
      : await conn.client.get(resolved, namespace, name, signal);
    if (existing) {
      // The previous run's object is replaced; anything else of that name is not this app's to touch.
      if (!isTrackedBy(existing, app.id, item.key))
        throw new Error(
          `${describeKey(item.key)} exists and was not created by this app, so the hook does not replace it. Rename the hook, or delete that object.`,
        );
      if (item.hook?.deletePolicies.includes('BeforeHookCreation')) {
        this.ctx.set(item, 'applying', 'Deleting the previous one');
        await conn.client.delete(resolved, namespace, name, 'Background', false, signal);
        await this.waitGone(resolved, namespace, name);
        if (signal.aborted) throw new Error('Cancelled');
        created = await conn.client.create(resolved, namespace, body, { fieldManager, signal });
      } else {
        created = await conn.client.apply(resolved, namespace, name, body, {
          fieldManager,
          force: true,
          signal,
        });
      }
    } else {
      created = await conn.client.create(resolved, namespace, body, { fieldManager, signal });
    }
    this.ctx.names.set(item.id, str(created, 'metadata.name') ?? name);
    conn.live.remember(resolved, created);
    return created;
  }

  private async waitGone(info: ApiResource, namespace: string, name: string): Promise<void> {
    const { conn, signal, timeoutMs } = this.ctx;
    const text = `The previous ${info.kind} ${name} was not gone after ${Math.round(timeoutMs / 1000)} s`;
    await waitUntilGone(conn, info, namespace, name, signal, timeoutMs, text);
  }

  /** Follows the hook until it completes or fails, at most the wave timeout. */
  private async waitDone(item: PlannedItem, info: ApiResource, name: string): Promise<HookOutcome> {
    const { conn, signal, timeoutMs } = this.ctx;
    const deadline = Date.now() + timeoutMs;
    while (!signal.aborted) {
      let live: KubeObject | undefined;
      try {
        live = await conn.client.get(info, item.key.namespace, name, signal);
      } catch {
        // A failed read (a short outage) is read again; the deadline bounds it.
      }
      if (live) {
        const outcome = hookOutcome(item.key.kind, live, assessHealth(item.key.group, item.key.kind, live));
        if (outcome.state !== 'running') return outcome;
      }
      if (Date.now() > deadline)
        return { state: 'failed', reason: `Not complete after ${Math.round(timeoutMs / 1000)} s` };
      await sleep(250, signal);
    }
    return { state: 'running' };
  }

  /**
   * Sync hooks run with their wave and are judged by its health wait; once that decided, their
   * delete policy applies as it does for the other phases.
   */
  async settleSyncHooks(items: PlannedItem[], resultOf: (id: string) => SyncItemResult | undefined) {
    for (const item of items) {
      const result = resultOf(item.id);
      if (!item.hook || !result) continue;
      const ok = result.phase === 'healthy';
      const failed = result.phase === 'failed' || result.message?.startsWith('Degraded') === true;
      if (!ok && !failed) continue;
      const info = await this.infoFor(item).catch(() => undefined);
      const name = this.ctx.names.get(item.id);
      if (!info || !name || !(await this.deleteAfter(item, info, name, ok))) continue;
      const note = 'deleted by its delete policy';
      this.ctx.set(item, result.phase, result.message ? `${result.message}; ${note}` : `Completed; ${note}`);
    }
  }

  /** HookSucceeded / HookFailed: the object goes once its outcome is known (best effort). */
  private async deleteAfter(
    item: PlannedItem,
    info: ApiResource,
    name: string,
    ok: boolean,
  ): Promise<boolean> {
    const policies = item.hook?.deletePolicies ?? [];
    if (!policies.includes(ok ? 'HookSucceeded' : 'HookFailed')) return false;
    try {
      await this.ctx.conn.client.delete(info, item.key.namespace, name, 'Background', false);
      return true;
    } catch {
      return false;
    }
  }
}
