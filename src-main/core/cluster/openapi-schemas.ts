import type { OpenApiSchemas } from '../../../src-shared/model';
import type { KubeHttp } from './kube-http';
import { isRecord, records } from './kube-object';

type Schema = Record<string, unknown>;
const refPrefix = '#/components/schemas/';

/** Every `#/components/schemas/X` name a schema refers to, transitively. */
function collectRefs(root: unknown, all: Record<string, unknown>, found = new Set<string>()): Set<string> {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isRecord(node)) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(refPrefix)) {
        const name = v.slice(refPrefix.length);
        if (!found.has(name) && name in all) {
          found.add(name);
          visit(all[name]);
        }
      } else visit(v);
    }
  };
  visit(root);
  return found;
}

/**
 * One JSON schema per (apiVersion, kind) of an OpenAPI v3 group-version document. Each carries the
 * component schemas it refers to under the same `components.schemas` path, so `$ref`s resolve
 * inside it (recursive types such as JSONSchemaProps stay references instead of exploding).
 */
export function schemasFromDocument(doc: unknown, groupVersion: string): OpenApiSchemas['schemas'] {
  const all =
    isRecord(doc) && isRecord(doc.components) && isRecord(doc.components.schemas)
      ? doc.components.schemas
      : {};
  const out: OpenApiSchemas['schemas'] = [];
  for (const [, schema] of Object.entries(all)) {
    if (!isRecord(schema)) continue;
    for (const gvk of records(schema, 'x-kubernetes-group-version-kind')) {
      const apiVersion = gvk.group ? `${String(gvk.group)}/${String(gvk.version)}` : String(gvk.version);
      if (apiVersion !== groupVersion || typeof gvk.kind !== 'string') continue;
      const refs = collectRefs(schema, all);
      const components: Record<string, unknown> = {};
      for (const name of refs) components[name] = all[name];
      out.push({
        apiVersion,
        kind: gvk.kind,
        schema: { ...(schema as Schema), components: { schemas: components } },
      });
    }
  }
  return out;
}

/** "apis/apps/v1" → "apps/v1", "api/v1" → "v1"; undefined for paths that are not a group version. */
export function groupVersionOfPath(path: string): string | undefined {
  const m = /^(?:api\/(v[^/]+)|apis\/([^/]+\/v[^/]+))$/.exec(path);
  return m ? (m[1] ?? m[2]) : undefined;
}

export async function fetchSchemas(
  http: KubeHttp,
  context: string,
  concurrency = 6,
): Promise<OpenApiSchemas> {
  const index = await http.json(
    { method: 'GET', path: '/openapi/v3', timeoutMs: 30_000 },
    'Reading the OpenAPI index',
  );
  const paths = isRecord(index) && isRecord(index.paths) ? index.paths : {};
  const jobs = Object.entries(paths)
    .map(([p, v]) => ({
      gv: groupVersionOfPath(p),
      url: isRecord(v) && typeof v.serverRelativeURL === 'string' ? v.serverRelativeURL : `/openapi/v3/${p}`,
    }))
    .filter((j): j is { gv: string; url: string } => j.gv !== undefined);
  const schemas: OpenApiSchemas['schemas'] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      try {
        const doc = await http.json(
          { method: 'GET', path: job.url, timeoutMs: 60_000 },
          `Reading OpenAPI for ${job.gv}`,
        );
        schemas.push(...schemasFromDocument(doc, job.gv));
      } catch {
        // One broken aggregated API must not take the editor's schemas for everything else.
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  schemas.sort((a, b) => a.apiVersion.localeCompare(b.apiVersion) || a.kind.localeCompare(b.kind));
  return { context, schemas };
}
