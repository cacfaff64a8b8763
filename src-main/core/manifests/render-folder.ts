import { createHash } from 'node:crypto';
import { basename, posix, relative, sep } from 'node:path';
import { parse } from 'yaml';
import type { AppSettings, ManifestProblem } from '../../../src-shared/model';
import type { RenderCapabilities } from '../cluster/render-capabilities';
import { toAppPath } from '../repo/git-repo';
import { helmErrorProblems, helmTemplateArgs, splitHelmOutput } from './helm-render';
import { renderKustomizeWithOrigins, repoRelative, takeOrigin } from './kustomize-render';
import type { ManifestSource } from './manifest-sources';
import { parseManifestText } from './parse-manifest';
import { renderHelm } from './render-tools';
import type { DesiredObject } from './types';

export interface FolderRendererDeps {
  env: NodeJS.ProcessEnv;
  /** The connected cluster's version and APIs for Helm's `.Capabilities`; undefined when unknown. */
  capabilities?: (context: string) => Promise<RenderCapabilities | undefined>;
}

export interface RenderRequest {
  kind: 'kustomize' | 'helm';
  app: AppSettings;
  /** Repository-relative folder holding the kustomization or Chart.yaml. */
  folder: string;
  source: ManifestSource;
  /** Every file of the app folder (repository-relative), to tell which sources can be opened. */
  files: ReadonlySet<string>;
}

export interface Rendered {
  objects: DesiredObject[];
  problems: ManifestProblem[];
}

interface RenderOutcome {
  rendered: Rendered;
  deps: string[];
  /** The tool ran and succeeded; only then is the result cached. */
  ok: boolean;
}

interface CacheEntry {
  key: string;
  /** Files outside the render folder that the render read (kustomize bases); part of the key. */
  deps: string[];
  rendered: Rendered;
}

/**
 * Renders Helm charts and Kustomize folders into desired objects whose sources point at the
 * template or resource file each came from. Renders are cached by the content of the files they
 * read (the folder, plus any base outside it), the app's render settings and the cluster's
 * capabilities: an unchanged folder is never rendered twice, an edit anywhere it reads is.
 */
export class FolderRenderer {
  private readonly cache = new Map<string, CacheEntry>();
  private static readonly maxEntries = 64;

  constructor(private readonly deps: FolderRendererDeps) {}

  async render(req: RenderRequest): Promise<Rendered> {
    const capabilities =
      req.kind === 'helm'
        ? await this.deps.capabilities?.(req.app.context).catch(() => undefined)
        : undefined;
    const slot = [req.app.id, req.app.repoPath, req.folder, req.kind].join('\u0000');
    const settings = JSON.stringify([
      req.app.namespace,
      req.app.appPath,
      req.app.helm ?? null,
      capabilities ?? null,
    ]);
    const previous = this.cache.get(slot);
    const folderFiles = [...req.files].filter(
      (f) => f === req.folder || f.startsWith(req.folder ? `${req.folder}/` : ''),
    );
    if (previous) {
      const key = await contentKey(req.source, settings, [...folderFiles, ...previous.deps]);
      if (key === previous.key) return previous.rendered;
    }
    const { rendered, deps, ok } =
      req.kind === 'helm' ? await this.renderChart(req, capabilities) : await this.renderKustomization(req);
    // A failed render is not cached: the cause may be outside the files (a missing program).
    if (ok) {
      const key = await contentKey(req.source, settings, [...folderFiles, ...deps]);
      this.cache.delete(slot);
      this.cache.set(slot, { key, deps, rendered });
      while (this.cache.size > FolderRenderer.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    }
    return rendered;
  }

  private async renderChart(
    req: RenderRequest,
    capabilities: RenderCapabilities | undefined,
  ): Promise<RenderOutcome> {
    const { app, folder, source } = req;
    const display = appPath(app, folder) || '.';
    const problems: ManifestProblem[] = [];
    const valueFiles: string[] = [];
    const deps: string[] = [];
    for (const file of app.helm?.valueFiles ?? []) {
      const repoPath = posix.normalize(posix.join(app.appPath, file));
      if (repoPath.startsWith('..') || !req.files.has(repoPath)) {
        problems.push({
          file,
          message: `Value file "${file}" (in the app's chart settings) does not exist in the app folder. Create it or remove it from the settings.`,
        });
        continue;
      }
      deps.push(repoPath);
      valueFiles.push(await source.folderOnDisk(repoPath));
    }
    // Rendering without a value file the user listed would apply different objects: no render at all.
    if (problems.length > 0) {
      return { rendered: { objects: [], problems: problems.map(failed) }, deps, ok: false };
    }
    const dir = await source.folderOnDisk(folder);
    const root = await source.folderOnDisk('');
    const args = helmTemplateArgs({ namespace: app.namespace, settings: app.helm, valueFiles, capabilities });
    const result = await renderHelm(
      dir,
      app.helm?.releaseName ?? releaseName(folder, app),
      args,
      this.deps.env,
    );
    const chartFile = (rel: string) => appPath(app, posix.join(folder, rel));
    if (result.error !== undefined) {
      return {
        rendered: {
          objects: [],
          problems: helmErrorProblems(scrub(result.error, root), display, chartFile).map(failed),
        },
        deps,
        ok: false,
      };
    }
    const objects: DesiredObject[] = [];
    const templates = new Map<string, { text: string; seen: Map<string, number> }>();
    for (const doc of splitHelmOutput(result.output ?? '')) {
      const repoPath = doc.template ? posix.join(folder, doc.template) : null;
      const opens = repoPath !== null && req.files.has(repoPath);
      const file = opens ? chartFile(doc.template!) : display;
      const parsed = parseManifestText(doc.text, { file, renderedBy: 'helm' });
      let template = repoPath ? templates.get(repoPath) : undefined;
      if (opens && !template) {
        const text = new TextDecoder().decode(await source.read(repoPath!));
        templates.set(repoPath!, (template = { text, seen: new Map() }));
      }
      for (const obj of parsed.objects) {
        if (template) {
          // The n-th object of a kind from one template is its n-th literal `kind:` line (a range
          // loop renders one line many times: then the last one found).
          const n = template.seen.get(obj.key.kind) ?? 0;
          template.seen.set(obj.key.kind, n + 1);
          const line = kindLineInTemplate(template.text, obj.key.kind, n);
          obj.source = { ...obj.source, fromTemplate: true, startLine: line, endLine: line };
        }
        objects.push(obj);
      }
      // Lines of rendered output mean nothing in a template; the message says which document.
      for (const p of parsed.problems) {
        problems.push({ file, message: `Rendered output of ${doc.template ?? display}: ${p.message}` });
      }
    }
    return { rendered: { objects, problems }, deps, ok: true };
  }

  private async renderKustomization(req: RenderRequest): Promise<RenderOutcome> {
    const { app, folder, source } = req;
    const display = appPath(app, folder) || '.';
    const dir = await source.folderOnDisk(folder);
    const root = await source.folderOnDisk('');
    const result = await renderKustomizeWithOrigins(dir, this.deps.env);
    if (result.error !== undefined || !result.wrapperDir) {
      const message = scrub(result.error ?? 'kustomize produced no output', root, result.wrapperDir);
      return {
        rendered: { objects: [], problems: [failed({ file: display, message })] },
        deps: [],
        ok: false,
      };
    }
    const parsed = parseManifestText(result.output ?? '', { file: display, renderedBy: 'kustomize' });
    const deps = new Set<string>();
    const texts = new Map<string, string>();
    for (const obj of parsed.objects) {
      const origin = takeOrigin(obj.body, result.wrapperDir);
      if (!origin) continue;
      const from = origin.file ?? origin.configuredIn;
      const repoPath = from ? repoRelative(root, from) : null;
      if (repoPath && !isInside(repoPath, folder)) deps.add(repoPath);
      if (origin.generated) obj.source = { ...obj.source, generated: true };
      if (!repoPath || !req.files.has(repoPath)) continue;
      let text = texts.get(repoPath);
      if (text === undefined) {
        text = new TextDecoder().decode(await source.read(repoPath));
        texts.set(repoPath, text);
      }
      const line = origin.file
        ? lineOfObject(
            text,
            obj.key.kind,
            String((obj.body.metadata as { name?: unknown }).name ?? obj.key.name),
          )
        : 1;
      obj.source = {
        ...obj.source,
        file: appPath(app, repoPath),
        fromTemplate: true,
        startLine: line,
        endLine: line,
      };
    }
    // A base outside the folder: its siblings (kustomization, patches) count too.
    for (const dep of [...deps]) {
      const dirOf = posix.dirname(dep);
      for (const f of await source.list(dirOf)) {
        if (f.type === 'file') deps.add(f.path);
      }
    }
    return { rendered: parsed, deps: [...deps], ok: true };
  }
}

function failed(p: ManifestProblem): ManifestProblem {
  return { ...p, renderFailed: true };
}

function appPath(app: AppSettings, repoPath: string): string {
  return toAppPath(app, repoPath) ?? repoPath;
}

function isInside(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`);
}

/** Absolute paths in a tool's message become repository-relative: the UI never sees the disk layout. */
function scrub(message: string, root: string, wrapperDir?: string): string {
  let out = message.split(`${root}/`).join('').split(root).join('.');
  if (wrapperDir) {
    // kustomize names the user's folder relative to the wrapper: "../../home/me/repo/overlays/dev".
    const up = relative(wrapperDir, root).split(sep).join('/');
    out = out.split(`${up}/`).join('').split(`${wrapperDir}/`).join('').split(wrapperDir).join('.');
  }
  return out;
}

/**
 * The line of the object's `name:` in the document of `kind`, so opening the source lands on the
 * object in a multi-document file. A prefix or suffix from an overlay is allowed (the file has
 * "web", the object is "dev-web"); line 1 when no document fits.
 */
export function lineOfObject(text: string, kind: string, name: string): number {
  const lines = text.split('\n');
  const kindLine = new RegExp(`^kind:\\s*["']?${escape(kind)}["']?\\s*$`);
  let inKind = false;
  let best = { line: 1, length: 0 };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^---/.test(line)) inKind = false;
    if (kindLine.test(line)) inKind = true;
    const m = inKind ? /^ {2}name:\s*["']?([^"'\s#]+)["']?\s*(#.*)?$/.exec(line) : null;
    if (!m) continue;
    if (m[1] === name) return i + 1;
    if (name.includes(m[1]!) && m[1]!.length > best.length) best = { line: i + 1, length: m[1]!.length };
  }
  return best.line;
}

/**
 * The line of the `n`-th literal `kind: <kind>` of a Helm template (0-based; the last one when
 * there are fewer, as a range loop renders one several times); line 1 when the kind is templated.
 */
export function kindLineInTemplate(text: string, kind: string, n: number): number {
  // At the start of a line: an indented `kind:` belongs to a field (a roleRef, a subject).
  const kindLine = new RegExp(`^kind:\\s*["']?${escape(kind)}["']?\\s*(#.*)?$`);
  const found: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (kindLine.test(lines[i]!)) found.push(i + 1);
  }
  return found[Math.min(n, found.length - 1)] ?? 1;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function contentKey(source: ManifestSource, settings: string, paths: string[]): Promise<string> {
  const hash = createHash('sha256').update(settings);
  for (const p of [...new Set(paths)].sort()) {
    hash.update(`\u0000${p}\u0000`);
    try {
      hash.update(await source.read(p));
    } catch {
      hash.update('\u0001missing');
    }
  }
  return hash.digest('hex');
}

/** The default release name: the chart folder's name (the app's name for a chart at the root). */
export function releaseName(folder: string, app: AppSettings): string {
  const name = (folder ? basename(folder) : app.name)
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name.slice(0, 53) || 'release';
}

const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/**
 * Of the folders holding a kustomization, the ones to build: a base that an overlay of the same
 * app includes, and a Component (which cannot be built alone), are rendered as part of what
 * includes them, not a second time on their own.
 */
export async function topLevelKustomizations(
  folders: string[],
  files: ReadonlySet<string>,
  source: ManifestSource,
): Promise<Set<string>> {
  const included = new Set<string>();
  const components = new Set<string>();
  for (const folder of folders) {
    const file = KUSTOMIZATION_NAMES.map((n) => (folder ? `${folder}/${n}` : n)).find((f) => files.has(f));
    if (!file) continue;
    let doc: unknown;
    try {
      doc = parse(new TextDecoder().decode(await source.read(file)));
    } catch {
      continue; // kustomize itself will say what is wrong with it
    }
    if (typeof doc !== 'object' || doc === null) continue;
    const k = doc as Record<string, unknown>;
    if (k.kind === 'Component') components.add(folder);
    for (const field of ['resources', 'bases', 'components']) {
      const list = k[field];
      if (!Array.isArray(list)) continue;
      for (const entry of list) {
        if (typeof entry !== 'string' || /^[a-z]+:\/\//i.test(entry) || entry.startsWith('/')) continue;
        included.add(posix.normalize(posix.join(folder, entry)).replace(/\/$/, ''));
      }
    }
  }
  return new Set(folders.filter((f) => !included.has(f) && !components.has(f)));
}
