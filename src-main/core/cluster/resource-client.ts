import { ApiFailure } from '../../../src-shared/errors';
import type { ApiResource } from './discovery';
import { httpFailure } from './kube-errors';
import type { KubeHttp, KubeResponse } from './kube-http';
import { isRecord, records, str, type KubeObject } from './kube-object';

export interface ApplyOptions {
  dryRun?: boolean;
  force?: boolean;
  fieldManager: string;
  /** Aborts the request in flight. */
  signal?: AbortSignal;
}

/** URL of a collection or one object, from discovery (never guessed from the kind). */
export function resourcePath(info: ApiResource, namespace?: string, name?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.resource}${name ? `/${encodeURIComponent(name)}` : ''}`;
}

function describe(info: ApiResource, namespace: string, name: string): string {
  return `${info.kind} ${info.namespaced && namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * Object-level operations over raw JSON: get, list, server-side apply (and its dry run), create,
 * delete.
 * Each takes an optional AbortSignal that aborts the request in flight (a cancelled sync).
 */
export class ResourceClient {
  constructor(private readonly http: KubeHttp) {}

  async get(
    info: ApiResource,
    namespace: string,
    name: string,
    signal?: AbortSignal,
  ): Promise<KubeObject | undefined> {
    const res = await this.http.request({
      method: 'GET',
      path: resourcePath(info, namespace, name),
      ...(signal ? { signal } : {}),
    });
    if (res.status === 404) return undefined;
    if (res.status >= 300) return this.fail(res, `Reading ${describe(info, namespace, name)}`);
    return JSON.parse(res.text) as KubeObject;
  }

  async list(
    info: ApiResource,
    opts: { namespace?: string; labelSelector?: string; fieldSelector?: string; signal?: AbortSignal } = {},
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const q = new URLSearchParams();
    if (opts.labelSelector) q.set('labelSelector', opts.labelSelector);
    if (opts.fieldSelector) q.set('fieldSelector', opts.fieldSelector);
    const query = q.toString();
    const doc = await this.http.json(
      {
        method: 'GET',
        path: `${resourcePath(info, opts.namespace)}${query ? `?${query}` : ''}`,
        timeoutMs: 30_000,
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      `Listing ${info.resource}${opts.namespace ? ` in ${opts.namespace}` : ''}`,
    );
    // List items come without apiVersion/kind; put them back so they look like single GETs.
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    const items = records(doc, 'items').map((i) => ({ apiVersion, kind: info.kind, ...i }));
    return { items, resourceVersion: str(doc, 'metadata.resourceVersion') ?? '' };
  }

  /**
   * Server-side apply. The body is sent as JSON (which is YAML) exactly as written plus our
   * metadata; with dryRun the server answers with what the object would become, changing nothing.
   */
  async apply(
    info: ApiResource,
    namespace: string,
    name: string,
    body: KubeObject,
    opts: ApplyOptions,
  ): Promise<KubeObject> {
    const q = new URLSearchParams({ fieldManager: opts.fieldManager });
    if (opts.force) q.set('force', 'true');
    if (opts.dryRun) q.set('dryRun', 'All');
    const res = await this.http.request({
      method: 'PATCH',
      path: `${resourcePath(info, namespace, name)}?${q.toString()}`,
      body: JSON.stringify(body),
      contentType: 'application/apply-patch+yaml',
      timeoutMs: 30_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if (res.status >= 300)
      return this.fail(res, `${opts.dryRun ? 'Dry run of' : 'Applying'} ${describe(info, namespace, name)}`);
    const out: unknown = JSON.parse(res.text);
    if (!isRecord(out))
      throw new ApiFailure('kube', 'The API server answered an apply with something that is not an object.');
    return out;
  }

  /**
   * A plain create (POST): the one way to make an object named by the server (`generateName`),
   * which server-side apply cannot do since it addresses objects by name.
   */
  async create(
    info: ApiResource,
    namespace: string,
    body: KubeObject,
    opts: { fieldManager: string; signal?: AbortSignal },
  ): Promise<KubeObject> {
    const q = new URLSearchParams({ fieldManager: opts.fieldManager });
    const res = await this.http.request({
      method: 'POST',
      path: `${resourcePath(info, namespace)}?${q.toString()}`,
      body: JSON.stringify(body),
      timeoutMs: 30_000,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const name = str(body, 'metadata.name') ?? `${str(body, 'metadata.generateName') ?? ''}…`;
    if (res.status >= 300) return this.fail(res, `Creating ${describe(info, namespace, name)}`);
    const out: unknown = JSON.parse(res.text);
    if (!isRecord(out))
      throw new ApiFailure('kube', 'The API server answered a create with something that is not an object.');
    return out;
  }

  async delete(
    info: ApiResource,
    namespace: string,
    name: string,
    propagationPolicy: 'Foreground' | 'Background' = 'Foreground',
    dryRun = false,
    signal?: AbortSignal,
  ): Promise<void> {
    const body = JSON.stringify({
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy,
      ...(dryRun ? { dryRun: ['All'] } : {}),
    });
    const res = await this.http.request({
      method: 'DELETE',
      path: resourcePath(info, namespace, name),
      body,
      ...(signal ? { signal } : {}),
    });
    if (res.status === 404) return;
    if (res.status >= 300) this.fail(res, `Deleting ${describe(info, namespace, name)}`);
  }

  async text(path: string, what: string, signal?: AbortSignal): Promise<string> {
    const res = await this.http.request({
      method: 'GET',
      path,
      accept: '*/*',
      timeoutMs: 30_000,
      ...(signal ? { signal } : {}),
    });
    if (res.status >= 300) this.fail(res, what);
    return res.text;
  }

  private fail(res: KubeResponse, what: string): never {
    throw httpFailure(res.status, res.text, what, res.retryAfterSeconds);
  }
}
