import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { ManifestProblem, SourceRef } from '../../../src-shared/model';
import { groupOf } from '../../../src-shared/resource-id';
import type { DesiredObject } from './types';

/** Aliases beyond this are a resource-exhaustion attack ("billion laughs"), not a manifest. */
export const MAX_ALIASES = 100;

export interface ParsedFile {
  objects: DesiredObject[];
  problems: ManifestProblem[];
}

interface Origin {
  file: string;
  renderedBy?: 'kustomize' | 'helm';
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'sequence';
  return typeof value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A hook may be named by the server (`generateName`): each sync creates a new one. Only hooks,
 * since an ordinary resource without a name could never be found again to compare or prune.
 */
function isGeneratedHook(metadata: Record<string, unknown>): boolean {
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  const hook = annotations['argocd.argoproj.io/hook'] ?? annotations['helm.sh/hook'];
  return (
    typeof metadata.generateName === 'string' &&
    metadata.generateName !== '' &&
    typeof hook === 'string' &&
    (metadata.namespace === undefined || typeof metadata.namespace === 'string')
  );
}

/** Why a value is not a usable Kubernetes object, or null when it is one. */
export function objectProblem(value: unknown): string | null {
  if (!isRecord(value))
    return `Document is a ${describeValue(value)}, not a mapping; a Kubernetes object must be a YAML mapping.`;
  if (value.apiVersion === undefined) return 'Missing "apiVersion" (for example "apps/v1").';
  if (typeof value.apiVersion !== 'string' || !value.apiVersion)
    return '"apiVersion" must be a non-empty string.';
  if (value.kind === undefined) return 'Missing "kind" (for example "Deployment").';
  if (typeof value.kind !== 'string' || !value.kind) return '"kind" must be a non-empty string.';
  if (value.metadata === undefined) return 'Missing "metadata" with a "name".';
  if (!isRecord(value.metadata)) return '"metadata" must be a mapping.';
  if (value.metadata.name === undefined && isGeneratedHook(value.metadata)) return null;
  if (value.metadata.name === undefined) return 'Missing "metadata.name".';
  if (typeof value.metadata.name !== 'string' || !value.metadata.name)
    return '"metadata.name" must be a non-empty string.';
  if (value.metadata.namespace !== undefined && typeof value.metadata.namespace !== 'string')
    return '"metadata.namespace" must be a string.';
  return null;
}

function toDesired(body: Record<string, unknown>, source: SourceRef): DesiredObject {
  const metadata = body.metadata as Record<string, unknown>;
  const apiVersion = body.apiVersion as string;
  return {
    key: {
      group: groupOf(apiVersion),
      kind: body.kind as string,
      namespace: (metadata.namespace as string | undefined) ?? '',
      // A generated name is known only once created: the prefix stands for it until then.
      name: (metadata.name as string | undefined) ?? (metadata.generateName as string),
    },
    apiVersion,
    body,
    source,
  };
}

function isList(value: Record<string, unknown>): boolean {
  return (
    value.kind === 'List' ||
    (typeof value.kind === 'string' && value.kind.endsWith('List') && value.items !== undefined)
  );
}

/**
 * Where the user must look. For a line indented too far under a plain value ("labels: foo" then
 * "    app: y"), the parser blames the value on the line before; the mistake is the indentation of
 * the next line, so that is where the problem is reported.
 */
export function offendingOffset(text: string, code: string, offset: number): number {
  if (code !== 'BLOCK_AS_IMPLICIT_KEY' && code !== 'MULTILINE_IMPLICIT_KEY') return offset;
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return offset;
  const lineStart = text.lastIndexOf('\n', offset) + 1;
  const indent = /^ */.exec(text.slice(lineStart))![0].length;
  const next = /\n( *)(?=\S)/.exec(text.slice(newline));
  if (!next || next[1]!.length <= indent) return offset;
  return newline + next.index + next[0].length;
}

/**
 * Parses one file's text (YAML, multi-document, or JSON) into objects with their source lines.
 * Every problem is attached to its document and never stops the other documents.
 */
export function parseManifestText(text: string, origin: Origin): ParsedFile {
  const lineCounter = new LineCounter();
  const docs: Document[] = parseAllDocuments(text, {
    lineCounter,
    prettyErrors: false,
    merge: true,
    uniqueKeys: true,
  });
  const result: ParsedFile = { objects: [], problems: [] };
  const lineOf = (offset: number) => lineCounter.linePos(offset);
  const span = (node: Node | null | undefined, docStart: number) => {
    const [start, end] = node?.range ?? [docStart, docStart];
    return { startLine: lineOf(start).line, endLine: lineOf(Math.max(start, end - 1)).line };
  };

  docs.forEach((doc, docIndex) => {
    const problem = (message: string, offset?: number): void => {
      const where = offset !== undefined ? lineOf(offset) : undefined;
      result.problems.push({
        file: origin.file,
        docIndex,
        ...(where ? { line: where.line, column: where.col } : {}),
        message,
      });
    };
    const docStart = doc.range?.[0] ?? 0;
    if (doc.errors.length > 0) {
      const err = doc.errors[0]!;
      problem(`Invalid YAML: ${err.message}`, offendingOffset(text, err.code, err.pos[0]));
      return;
    }
    const contents = doc.contents as Node | null;
    if (contents === null) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      const message = (err as Error).message;
      problem(
        /excessive alias count/i.test(message)
          ? `Too many YAML aliases (more than ${MAX_ALIASES}), as in a "billion laughs" attack; this document was not loaded.`
          : `Invalid YAML: ${message}`,
        contents.range?.[0],
      );
      return;
    }
    if (value === null || value === undefined) return;
    const startOffset = contents.range?.[0] ?? docStart;
    const source = (node: Node | null | undefined): SourceRef => ({
      file: origin.file,
      docIndex,
      ...span(node, startOffset),
      ...(origin.renderedBy ? { renderedBy: origin.renderedBy } : {}),
    });

    if (isRecord(value) && isList(value)) {
      if (!Array.isArray(value.items)) {
        problem(`"items" of a ${String(value.kind)} must be a sequence.`, startOffset);
        return;
      }
      const itemsNode = isMap(contents) ? contents.get('items', true) : null;
      value.items.forEach((item, i) => {
        const node = isSeq(itemsNode) ? (itemsNode.items[i] as Node | undefined) : undefined;
        const why = objectProblem(item);
        if (why)
          problem(`Item ${i + 1} of the ${String(value.kind)}: ${why}`, node?.range?.[0] ?? startOffset);
        else result.objects.push(toDesired(item as Record<string, unknown>, source(node)));
      });
      return;
    }
    const why = objectProblem(value);
    if (why) problem(why, startOffset);
    else result.objects.push(toDesired(value as Record<string, unknown>, source(contents)));
  });
  return result;
}
