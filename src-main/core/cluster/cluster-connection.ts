import type { ConnectionState } from '../../../src-shared/model';
import { ConnectionHealth } from './connection-health';
import { Discovery } from './discovery';
import { KubeHttp } from './kube-http';
import { LiveCache } from './live-cache';
import { ResourceClient } from './resource-client';
import type { KubeConfig } from './kube-config';

/** Everything that talks to one context's cluster, made together and disposed together. */
export class ClusterConnection {
  readonly http: KubeHttp;
  readonly discovery: Discovery;
  readonly client: ResourceClient;
  readonly live: LiveCache;
  readonly health: ConnectionHealth;
  private readonly offCrdWatch: () => void;
  private readonly offHealth: () => void;
  private readonly closeListeners = new Set<() => void>();
  private closed = false;

  constructor(
    readonly context: string,
    readonly kc: KubeConfig,
  ) {
    this.health = new ConnectionHealth(context);
    this.http = new KubeHttp(kc, { health: this.health });
    this.discovery = new Discovery(this.http);
    this.client = new ResourceClient(this.http);
    this.live = new LiveCache(this.http, this.client);
    // New or changed CRDs change what the cluster serves.
    this.offCrdWatch = this.live.onChange((c) => {
      if (
        c.info.group === 'apiextensions.k8s.io' &&
        c.info.kind === 'CustomResourceDefinition' &&
        c.type !== 'RESET'
      )
        this.discovery.invalidate();
    });
    // Back from an outage: watches waiting out their backoff re-list now.
    this.offHealth = this.health.onChange((s) => {
      if (s.status === 'connected') this.live.wake();
    });
  }

  /** Watches CRDs so discovery follows them; a user without that permission just goes without. */
  async watchCrds(): Promise<void> {
    const crd = await this.discovery.find('apiextensions.k8s.io', 'CustomResourceDefinition', 'v1');
    if (crd) await this.live.ensure(crd, '');
  }

  /** The context's default namespace from the kubeconfig, if any. */
  get defaultNamespace(): string | undefined {
    return this.kc.getContextObject(this.context)?.namespace;
  }

  /**
   * Resolves at once while the server answers. Once it did not, waits for a probe, but at most
   * `maxWaitMs`, then rejects with why it is unreachable.
   */
  ready(maxWaitMs?: number): Promise<void> {
    return this.http.reachable(maxWaitMs);
  }

  get state(): ConnectionState {
    return this.health.state;
  }

  /** Each change of the connection's status (from the latest requests' results). */
  onStatus(listener: (state: ConnectionState) => void): () => void {
    return this.health.onChange(listener);
  }

  /** Called once when this connection is disposed (the kubeconfig changed, a hard refresh). */
  onClose(listener: () => void): () => void {
    if (this.closed) {
      listener();
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.offCrdWatch();
    this.offHealth();
    this.live.dispose();
    this.http.dispose();
    this.health.dispose();
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const l of listeners) {
      try {
        l();
      } catch {
        // One listener's failure must not keep the others from hearing it.
      }
    }
  }
}
