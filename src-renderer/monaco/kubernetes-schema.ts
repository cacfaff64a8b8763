import type { JSONSchema } from 'monaco-yaml';
import type { OpenApiSchemas } from '../../src-shared/model';

type Json = Record<string, unknown>;

const REF_PREFIXES = ['#/components/schemas/', '#/definitions/', '#/$defs/'];
const DEFINITION_CONTAINERS = ['definitions', '$defs'] as const;

const cache = new WeakMap<OpenApiSchemas, JSONSchema>();

/**
 * One schema for every manifest: a file can hold many kinds, so the root dispatches on
 * apiVersion + kind with `if`/`then`. Each `if` only compares two constants, so validation stays
 * cheap with hundreds of kinds, and only the matching kind's schema is walked. Shared type
 * definitions (ObjectMeta, PodSpec, …) are hoisted once under their fully qualified names instead of
 * being repeated in every kind.
 */
export function buildKubernetesSchema(input: OpenApiSchemas): JSONSchema {
  const cached = cache.get(input);
  if (cached) return cached;

  const definitions: Record<string, unknown> = {};
  const branches: JSONSchema[] = [];
  const apiVersions = new Set<string>();
  const kinds = new Set<string>();

  for (const entry of input.schemas) {
    if (!isObject(entry.schema)) continue;
    const key = `gitops-desktop.kind.${entry.apiVersion.replace('/', '.')}.${entry.kind}`;
    const normaliser = new Normaliser();
    for (const [name, def] of collectDefinitions(entry.schema)) {
      if (!(name in definitions)) definitions[name] = normaliser.normalise(def, name);
    }
    definitions[key] = normaliser.normalise(withoutDefinitions(entry.schema), key);
    apiVersions.add(entry.apiVersion);
    kinds.add(entry.kind);
    branches.push({
      if: {
        properties: { apiVersion: { const: entry.apiVersion }, kind: { const: entry.kind } },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: `#/definitions/${escapePointer(key)}` },
    });
  }

  // `examples` rather than `enum`: completion offers every known kind, but a kind the cluster does
  // not serve yet (a CRD about to be installed by the same commit) is not flagged.
  const schema: JSONSchema = {
    title: `Kubernetes (${input.context})`,
    properties: {
      apiVersion: {
        type: 'string',
        description: 'API group and version of this object.',
        examples: [...apiVersions].sort(),
      },
      kind: { type: 'string', description: 'Kind of this object.', examples: [...kinds].sort() },
    },
    allOf: branches,
    definitions: definitions as Record<string, JSONSchema>,
  };
  cache.set(input, schema);
  return schema;
}

function collectDefinitions(schema: Json): [string, unknown][] {
  const found: [string, unknown][] = [];
  const components = schema.components;
  if (isObject(components) && isObject(components.schemas)) found.push(...Object.entries(components.schemas));
  for (const container of DEFINITION_CONTAINERS) {
    const defs = schema[container];
    if (isObject(defs)) found.push(...Object.entries(defs));
  }
  return found;
}

function withoutDefinitions(schema: Json): Json {
  const { components: _c, definitions: _d, $defs: _s, $schema: _v, $id: _i, id: _id, ...rest } = schema;
  return rest;
}

/**
 * Copies a schema into the shape the YAML language service validates correctly: references point
 * at the shared definitions, OpenAPI `nullable` becomes a JSON schema type, and Kubernetes'
 * int-or-string and quantity fields accept both numbers and strings, as the API server does.
 * Objects that declare their properties reject unknown ones (a typo such as `replica:` is an error
 * on the server too) unless Kubernetes marks them as preserving unknown fields.
 */
class Normaliser {
  private readonly seen = new Map<object, unknown>();

  normalise(node: unknown, name?: string): unknown {
    if (Array.isArray(node)) return node.map((item) => this.normalise(item));
    if (!isObject(node)) return node;
    const done = this.seen.get(node);
    if (done) return done;
    const out: Json = {};
    this.seen.set(node, out);
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') out.$ref = this.rewriteRef(value);
      else if (key.startsWith('x-')) continue;
      else if (key === 'properties' || key === 'patternProperties') out[key] = this.normaliseMap(value);
      else out[key] = this.normalise(value);
    }
    if (isIntOrString(node, name)) {
      out.type = ['integer', 'string'];
      delete out.format;
      delete out.anyOf;
      delete out.oneOf;
    } else if (name?.endsWith('.api.resource.Quantity')) {
      out.type = ['string', 'number'];
      delete out.oneOf;
      delete out.anyOf;
    }
    if (node.nullable === true && out.type !== undefined) {
      const types = Array.isArray(out.type) ? out.type : [out.type];
      if (!types.includes('null')) out.type = [...types, 'null'];
    }
    delete out.nullable;
    if (
      isObject(out.properties) &&
      out.additionalProperties === undefined &&
      node['x-kubernetes-preserve-unknown-fields'] !== true
    ) {
      out.additionalProperties = false;
    }
    return out;
  }

  private normaliseMap(value: unknown): unknown {
    if (!isObject(value)) return value;
    const out: Json = {};
    for (const [key, child] of Object.entries(value)) out[key] = this.normalise(child);
    return out;
  }

  private rewriteRef(ref: string): string {
    for (const prefix of REF_PREFIXES) {
      if (ref.startsWith(prefix)) {
        const name = decodePointer(ref.slice(prefix.length));
        return `#/definitions/${escapePointer(name)}`;
      }
    }
    return ref;
  }
}

function isIntOrString(node: Json, name: string | undefined): boolean {
  return (
    node['x-kubernetes-int-or-string'] === true ||
    node.format === 'int-or-string' ||
    (name?.endsWith('.util.intstr.IntOrString') ?? false)
  );
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
