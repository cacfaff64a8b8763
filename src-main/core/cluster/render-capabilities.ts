import type { ClusterService } from './cluster-service';
import { str } from './kube-object';

/** What `helm template` needs to know about the target cluster so `.Capabilities` is as in-cluster. */
export interface RenderCapabilities {
  /** e.g. "v1.37.2" */
  kubeVersion: string;
  /** "group/version" and "group/version/Kind" for everything the cluster serves ("v1" for core). */
  apiVersions: string[];
}

const versions = new WeakMap<object, Promise<string | undefined>>();

/**
 * The connected cluster's version and served APIs, from the connection's (cached) discovery. An
 * unreachable cluster gives undefined: the chart then renders with Helm's defaults rather than not at
 * all, since the manifests are still worth showing offline.
 */
export async function renderCapabilities(
  cluster: ClusterService,
  context: string,
): Promise<RenderCapabilities | undefined> {
  try {
    const conn = await cluster.connection(context);
    let version = versions.get(conn);
    if (!version) {
      version = conn.http
        .json({ method: 'GET', path: '/version', timeoutMs: 8000 }, 'Reading the cluster version')
        .then((v) => str(v, 'gitVersion'));
      versions.set(conn, version);
      version.catch(() => versions.delete(conn));
    }
    const kubeVersion = await version;
    const resources = await conn.discovery.all();
    if (!kubeVersion) return undefined;
    const apiVersions = new Set<string>();
    for (const r of resources) {
      const gv = r.group ? `${r.group}/${r.version}` : r.version;
      apiVersions.add(gv);
      apiVersions.add(`${gv}/${r.kind}`);
    }
    return { kubeVersion: semverOf(kubeVersion), apiVersions: [...apiVersions].sort() };
  } catch {
    return undefined;
  }
}

/** Helm wants plain semver: "v1.37.2-gke.100+abc" keeps its pre-release but loses build metadata. */
function semverOf(gitVersion: string): string {
  return gitVersion.split('+')[0]!;
}
