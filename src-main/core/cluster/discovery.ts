import { ApiFailure } from '../../../src-shared/errors';
import type { KubeHttp } from './kube-http';
import { isRecord, list, records, str } from './kube-object';

export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in URLs. */
  resource: string;
  namespaced: boolean;
  verbs: string[];
}

const aggregatedAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

/**
 * Kind → resource mapping of one cluster. Aggregated discovery needs two requests for the whole
 * cluster; older servers get the legacy walk over every group version. Refreshed on demand (a CRD
 * changed, or a kind was not found), never more than once per `minRefreshMs`.
 */
export class Discovery {
  private resources: ApiResource[] | undefined;
  private loading: Promise<ApiResource[]> | undefined;
  private loadedAt = 0;

  constructor(
    private readonly http: KubeHttp,
    private readonly minRefreshMs = 1000,
  ) {}

  async all(): Promise<ApiResource[]> {
    if (this.resources) return this.resources;
    return this.load();
  }

  /** Forgets what is known, so the next lookup asks the server again. */
  invalidate(): void {
    this.resources = undefined;
  }

  private load(): Promise<ApiResource[]> {
    this.loading ??= (async () => {
      try {
        const found = await this.fetchAll();
        this.resources = found;
        this.loadedAt = Date.now();
        return found;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /**
   * The served resource for a group and kind, preferring `version` when the server serves it.
   * An unknown kind triggers one refresh: the CRD may have been created a moment ago.
   */
  async find(group: string, kind: string, version?: string): Promise<ApiResource | undefined> {
    const pick = (all: ApiResource[]) => {
      const matches = all.filter((r) => r.group === group && r.kind === kind);
      return matches.find((r) => r.version === version) ?? matches[0];
    };
    const hit = pick(await this.all());
    if (hit || Date.now() - this.loadedAt < this.minRefreshMs) return hit;
    return pick(await this.load());
  }

  async require(group: string, kind: string, version?: string): Promise<ApiResource> {
    const found = await this.find(group, kind, version);
    if (!found) {
      const gv = group ? `${group}/${version ?? '*'}` : (version ?? 'v1');
      throw new ApiFailure(
        'not-found',
        `The cluster does not serve kind ${kind} in ${gv}. Is its CustomResourceDefinition installed?`,
      );
    }
    return found;
  }

  private async fetchAll(): Promise<ApiResource[]> {
    const core = await this.http.json({ method: 'GET', path: '/api', accept: aggregatedAccept }, 'Discovery');
    const groups = await this.http.json(
      { method: 'GET', path: '/apis', accept: aggregatedAccept },
      'Discovery',
    );
    if (
      isRecord(core) &&
      core.kind === 'APIGroupDiscoveryList' &&
      isRecord(groups) &&
      groups.kind === 'APIGroupDiscoveryList'
    ) {
      return [...parseAggregated(core), ...parseAggregated(groups)];
    }
    return this.fetchLegacy(groups);
  }

  private async fetchLegacy(groupList: unknown): Promise<ApiResource[]> {
    const paths = ['/api/v1'];
    for (const g of records(groupList, 'groups')) {
      for (const v of records(g, 'versions')) {
        if (typeof v.groupVersion === 'string') paths.push(`/apis/${v.groupVersion}`);
      }
    }
    const lists = await Promise.all(
      paths.map((p) => this.http.json({ method: 'GET', path: p }, 'Discovery').catch(() => undefined)),
    );
    return lists.flatMap((l) => (l ? parseResourceList(l) : []));
  }
}

/** aggregated discovery v2: groups → versions (preferred first) → resources. */
export function parseAggregated(doc: unknown): ApiResource[] {
  const out: ApiResource[] = [];
  for (const group of records(doc, 'items')) {
    const groupName = str(group, 'metadata.name') ?? '';
    for (const v of records(group, 'versions')) {
      const version = typeof v.version === 'string' ? v.version : '';
      for (const r of records(v, 'resources')) {
        const kind = str(r, 'responseKind.kind');
        if (!kind || typeof r.resource !== 'string') continue;
        out.push({
          group: groupName,
          version,
          kind,
          resource: r.resource,
          namespaced: r.scope === 'Namespaced',
          verbs: list(r, 'verbs').filter((x): x is string => typeof x === 'string'),
        });
      }
    }
  }
  return out;
}

/** A legacy APIResourceList (one group version); subresources such as pods/log are skipped. */
export function parseResourceList(doc: unknown): ApiResource[] {
  const gv = str(doc, 'groupVersion') ?? '';
  const slash = gv.indexOf('/');
  const group = slash === -1 ? '' : gv.slice(0, slash);
  const version = slash === -1 ? gv : gv.slice(slash + 1);
  return records(doc, 'resources')
    .filter((r) => typeof r.name === 'string' && !r.name.includes('/') && typeof r.kind === 'string')
    .map((r) => ({
      group,
      version,
      kind: String(r.kind),
      resource: String(r.name),
      namespaced: r.namespaced === true,
      verbs: list(r, 'verbs').filter((x): x is string => typeof x === 'string'),
    }));
}
