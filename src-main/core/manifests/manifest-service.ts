import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, ManifestProblem, SourceRef } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { gitRepo, toAppPath } from '../repo/git-repo';
import { readCommitOrFail } from '../repo/history';
import { headOid } from '../repo/repo-files';
import { assertSupported } from '../repo/repo-location';
import { CommitSource, WorktreeSource, type ManifestSource } from './manifest-sources';
import { parseManifestText } from './parse-manifest';
import { FolderRenderer, topLevelKustomizations, type FolderRendererDeps } from './render-folder';
import type { DesiredObject, LoadedManifests, ManifestRevision } from './types';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const KUSTOMIZATION = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface ManifestServiceDeps extends FolderRendererDeps {
  /** PATH (to find kustomize, kubectl and helm) and the environment those programs run with. */
  env: NodeJS.ProcessEnv;
}

/** Loads the desired state of an app from its repository: plain files, Kustomize and Helm folders. */
export class ManifestService {
  /**
   * What a commit holds never changes, so its loaded manifests are kept (a few, most recent
   * first): every comparison against HEAD would otherwise re-read and re-parse the whole app.
   * Consumers treat the objects as read-only.
   */
  private readonly commits = new Map<string, LoadedManifests>();
  private static readonly maxCommits = 8;
  /** Parsed files by (name, content hash): a save re-parses only the file that changed. */
  private readonly parsedFiles = new Map<string, ReturnType<typeof parseManifestText>>();
  private static readonly maxParsedFiles = 20000;

  private readonly renderer: FolderRenderer;

  constructor(private readonly deps: ManifestServiceDeps) {
    this.renderer = new FolderRenderer(deps);
  }

  async load(app: AppSettings, revision: ManifestRevision): Promise<LoadedManifests> {
    await assertSupported(app.repoPath).catch((err) => {
      throw err instanceof ApiFailure
        ? err
        : new ApiFailure('not-a-repository', `The repository of "${app.name}" is gone from ${app.repoPath}.`);
    });
    const repo = gitRepo(app.repoPath);
    if (revision === 'worktree') return this.collectFrom(app, new WorktreeSource(repo), 'worktree');
    const oid = revision === 'HEAD' ? await headOid(repo) : revision;
    if (!oid) {
      return {
        revision: '',
        objects: [],
        problems: [
          { file: '', message: 'The repository has no commits yet. Commit the manifests, then sync.' },
        ],
      };
    }
    const cacheKey = [
      app.id,
      app.repoPath,
      app.appPath,
      app.namespace,
      oid,
      JSON.stringify(app.helm ?? null),
    ].join('\u0000');
    const cached = this.commits.get(cacheKey);
    if (cached) {
      this.commits.delete(cacheKey);
      this.commits.set(cacheKey, cached);
      return cached;
    }
    await readCommitOrFail(repo, oid);
    const loaded = await this.collectFrom(app, new CommitSource(repo, oid), oid);
    this.commits.set(cacheKey, loaded);
    while (this.commits.size > ManifestService.maxCommits)
      this.commits.delete(this.commits.keys().next().value!);
    return loaded;
  }

  private async collectFrom(
    app: AppSettings,
    source: ManifestSource,
    revision: string,
  ): Promise<LoadedManifests> {
    try {
      return { revision, ...(await this.collect(app, source)) };
    } finally {
      await source.dispose();
    }
  }

  private async collect(
    app: AppSettings,
    source: ManifestSource,
  ): Promise<{ objects: DesiredObject[]; problems: ManifestProblem[] }> {
    const objects: DesiredObject[] = [];
    const problems: ManifestProblem[] = [];
    const files = await source.list(app.appPath);
    const rel = (repoPath: string) => toAppPath(app, repoPath) ?? repoPath;
    const folderOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');

    // Topmost folders rendered by a tool; their files are that tool's input, not manifests.
    const marked = new Map<string, 'kustomize' | 'helm'>();
    for (const f of files) {
      if (f.type !== 'file') continue;
      const name = basename(f.path);
      if (KUSTOMIZATION.has(name)) marked.set(folderOf(f.path), 'kustomize');
      else if (name === 'Chart.yaml' && !marked.has(folderOf(f.path))) marked.set(folderOf(f.path), 'helm');
    }
    const inside = (p: string, folder: string) => folder === '' || p === folder || p.startsWith(`${folder}/`);
    const roots = [...marked.keys()]
      .sort()
      .filter(
        (folder, i, all) => !all.slice(0, i).some((outer) => folder !== outer && inside(folder, outer)),
      );

    const fileSet = new Set(files.filter((f) => f.type === 'file').map((f) => f.path));
    const builds = await topLevelKustomizations(
      roots.filter((r) => marked.get(r) === 'kustomize'),
      fileSet,
      source,
    );
    for (const folder of roots) {
      const kind = marked.get(folder)!;
      if (kind === 'kustomize' && !builds.has(folder)) continue;
      const rendered = await this.renderer.render({ kind, app, folder, source, files: fileSet });
      objects.push(...rendered.objects);
      problems.push(...rendered.problems);
    }

    for (const f of files) {
      if (f.type !== 'file' || !MANIFEST_FILE.test(f.path) || roots.some((r) => inside(f.path, r))) continue;
      const file = rel(f.path);
      const size = await source.size(f.path);
      if (size > MAX_FILE_BYTES) {
        problems.push({
          file,
          message: `File is ${(size / 1048576).toFixed(1)} MB; manifests larger than 5 MB are not loaded. Split it into smaller files.`,
        });
        continue;
      }
      const parsed = this.parseFile(file, await source.read(f.path));
      objects.push(...parsed.objects);
      problems.push(...parsed.problems);
    }
    return { objects: dropDuplicates(objects, problems), problems };
  }

  private parseFile(file: string, bytes: Uint8Array): ReturnType<typeof parseManifestText> {
    const key = `${file}\u0000${createHash('sha256').update(bytes).digest('hex')}`;
    const cached = this.parsedFiles.get(key);
    if (cached) return cached;
    const parsed = parseManifestText(new TextDecoder('utf-8').decode(bytes), { file });
    this.parsedFiles.set(key, parsed);
    // Oldest first out; a working copy being edited leaves one stale entry per save.
    while (this.parsedFiles.size > ManifestService.maxParsedFiles)
      this.parsedFiles.delete(this.parsedFiles.keys().next().value!);
    return parsed;
  }
}

function where(s: SourceRef): string {
  return `${s.file} line ${s.startLine}`;
}

/** The same object twice would be applied twice with different content: keep the first, name both. */
function dropDuplicates(objects: DesiredObject[], problems: ManifestProblem[]): DesiredObject[] {
  const seen = new Map<string, DesiredObject>();
  const kept: DesiredObject[] = [];
  for (const obj of objects) {
    const id = `${obj.key.group}/${obj.key.kind}/${obj.key.namespace}/${obj.key.name}`;
    const first = seen.get(id);
    if (!first) {
      seen.set(id, obj);
      kept.push(obj);
      continue;
    }
    problems.push({
      file: obj.source.file,
      docIndex: obj.source.docIndex,
      line: obj.source.startLine,
      message: `${describeKey(obj.key)} is defined twice: in ${where(first.source)} and in ${where(obj.source)}. Remove one of them; only the first is used.`,
    });
  }
  return kept;
}
