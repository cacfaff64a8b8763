import type { KubeConfig } from '@kubernetes/client-node';
import { Discovery } from './discovery';
import { KubeHttp } from './kube-http';
import { LiveCache } from './live-cache';
import { ResourceClient } from './resource-client';

/** Everything that talks to one context's cluster, made together and disposed together. */
export class ClusterConnection {
  readonly http: KubeHttp;
  readonly discovery: Discovery;
  readonly client: ResourceClient;
  readonly live: LiveCache;
  private readonly offCrdWatch: () => void;

  constructor(
    readonly context: string,
    readonly kc: KubeConfig,
  ) {
    this.http = new KubeHttp(kc);
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

  dispose(): void {
    this.offCrdWatch();
    this.live.dispose();
    this.http.dispose();
  }
}
