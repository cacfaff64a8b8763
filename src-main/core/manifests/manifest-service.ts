import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, ManifestProblem, SourceRef } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { gitRepo, isNotFound, toAppPath } from '../repo/git-repo';
import { readCommitOrFail } from '../repo/history';
import { headOid } from '../repo/repo-files';
import { assertSupported } from '../repo/repo-location';
import { CommitSource, WorktreeSource, type ManifestSource } from './manifest-sources';
import { mapLimit } from '../map-limit';
import { parseManifestText, type ParsedFile } from './parse-manifest';
import { FolderRenderer, topLevelKustomizations, type FolderRendererDeps } from './render-folder';
import { StampedDocs, type FileStamp } from './stamped-docs';
import type { DesiredObject, LoadedManifests, ManifestRevision } from './types';
import { WorktreeListings, type ListingUpdate } from './worktree-listing';

/** Hears the objects of a file as soon as it is parsed. */
export type ObjectsListener = (objects: readonly DesiredObject[]) => void;

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
  /** Parsed files by (name, git blob id): a save re-parses only the file that changed. */
  private readonly parsedFiles = new Map<string, ParsedFile>();
  private static readonly maxParsedFiles = 20000;
  /** Working-copy files by (path, size, times, inode): an unchanged file is not even read. */
  private readonly stamped = new StampedDocs<ParsedFile>();
  /** The working copy's file list per app, updated from the watcher's paths. */
  private readonly listings = new WorktreeListings();

  private readonly renderer: FolderRenderer;

  constructor(private readonly deps: ManifestServiceDeps) {
    this.renderer = new FolderRenderer(deps);
  }

  /**
   * The watcher's news for an app (paths relative to the app folder): the next working-copy load
   * looks at just these paths. HEAD moving (a checkout, a pull) means a full listing.
   */
  changed(app: AppSettings, paths: string[], headChanged: boolean): void {
    const repoPaths = paths.map((p) => (app.appPath ? `${app.appPath}/${p}` : p));
    this.listings.changed(listingKey(app), repoPaths, headChanged);
  }

  /** Forgets every cached listing and parsed file (a hard refresh). */
  clearCaches(): void {
    this.listings.reset();
    this.stamped.clear();
    this.parsedFiles.clear();
  }

  /**
   * `parsed` hears the objects of each file as it is parsed (before the whole app is), so the
   * caller can start what it will need for them (the cluster's lists) meanwhile.
   */
  async load(
    app: AppSettings,
    revision: ManifestRevision,
    parsed?: ObjectsListener,
  ): Promise<LoadedManifests> {
    await assertSupported(app.repoPath).catch((err) => {
      throw err instanceof ApiFailure
        ? err
        : new ApiFailure('not-a-repository', `The repository of "${app.name}" is gone from ${app.repoPath}.`);
    });
    const repo = gitRepo(app.repoPath);
    if (revision === 'worktree') {
      const source = new WorktreeSource(repo);
      const listing = await this.listings.list(listingKey(app), repo.dir, app.appPath, (under) =>
        source.list(under),
      );
      return this.collectFrom(app, source, 'worktree', parsed, listing);
    }
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
    const loaded = await this.collectFrom(app, new CommitSource(repo, oid), oid, parsed);
    this.commits.set(cacheKey, loaded);
    while (this.commits.size > ManifestService.maxCommits)
      this.commits.delete(this.commits.keys().next().value!);
    return loaded;
  }

  private async collectFrom(
    app: AppSettings,
    source: ManifestSource,
    revision: string,
    parsed: ObjectsListener | undefined,
    listing?: ListingUpdate,
  ): Promise<LoadedManifests> {
    try {
      return { revision, ...(await this.collect(app, source, parsed, listing)) };
    } finally {
      await source.dispose();
    }
  }

  private async collect(
    app: AppSettings,
    source: ManifestSource,
    parsed: ObjectsListener | undefined,
    listing?: ListingUpdate,
  ): Promise<{ objects: DesiredObject[]; problems: ManifestProblem[] }> {
    const objects: DesiredObject[] = [];
    const problems: ManifestProblem[] = [];
    const files = listing?.files ?? (await source.list(app.appPath));
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
      parsed?.(rendered.objects);
      objects.push(...rendered.objects);
      problems.push(...rendered.problems);
    }

    for (const link of await source.links(app.appPath)) {
      if (roots.some((r) => inside(link, r))) continue;
      problems.push({
        file: rel(link),
        message: `${rel(link)} is a symbolic link; links are not followed, so nothing in it is loaded. Replace the link with the file (or folder) itself.`,
      });
    }

    const plain = files.filter(
      (f) => f.type === 'file' && MANIFEST_FILE.test(f.path) && !roots.some((r) => inside(f.path, r)),
    );
    // Reads overlap (a commit's blobs, the working copy's files); results keep the listing's order.
    const loaded = await mapLimit(plain, 16, async (f) => {
      const r = await this.loadFile(app, source, listing, f.path, rel(f.path));
      if (r && 'objects' in r) parsed?.(r.objects);
      return r;
    });
    for (const r of loaded) {
      if (!r) continue;
      if ('problem' in r) {
        problems.push(r.problem);
        continue;
      }
      objects.push(...r.objects);
      problems.push(...r.problems);
    }
    return { objects: dropDuplicates(objects, problems), problems };
  }

  /** One plain manifest file, from the caches when they still hold; undefined when it is gone. */
  private async loadFile(
    app: AppSettings,
    source: ManifestSource,
    listing: ListingUpdate | undefined,
    path: string,
    file: string,
  ): Promise<ParsedFile | { problem: ManifestProblem } | undefined> {
    const docKey = `${app.repoPath}\u0000${app.appPath}\u0000${path}`;
    // Unchanged since the last load by the watcher's word: reuse without a stat.
    let parsed = listing && !listing.mayHaveChanged(path) ? this.stamped.get(docKey) : undefined;
    if (parsed) return parsed;
    // A commit names each file's content: a file parsed before (in any commit, or the working
    // copy with the same content) is reused without reading its blob.
    const contentId = source.contentId ? await source.contentId(path) : undefined;
    parsed = contentId ? this.parsedFiles.get(parsedKey(file, contentId)) : undefined;
    if (parsed) return parsed;
    let stamp: FileStamp | undefined;
    if (source.stamp) {
      try {
        stamp = await source.stamp(path);
      } catch (err) {
        // Gone since the listing (a save by rename, a delete): the next change event lists it again.
        if (isNotFound(err)) return undefined;
        return { problem: { file, message: `Cannot read this file: ${(err as Error).message}` } };
      }
      parsed = this.stamped.get(docKey, stamp);
      if (parsed) return parsed;
    }
    const size = stamp?.size ?? (await source.size(path));
    if (size > MAX_FILE_BYTES) {
      return {
        problem: {
          file,
          message: `File is ${(size / 1048576).toFixed(1)} MB; manifests larger than 5 MB are not loaded. Split it into smaller files.`,
        },
      };
    }
    parsed = this.parseFile(file, await source.read(path), contentId);
    if (stamp) this.stamped.set(docKey, stamp, parsed);
    return parsed;
  }

  private parseFile(file: string, bytes: Uint8Array, contentId: string = gitBlobId(bytes)): ParsedFile {
    const key = parsedKey(file, contentId);
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

/**
 * Parsed files are keyed by name and git blob id, which a commit's tree gives for free and the
 * working copy's content hashes to: the same file in HEAD and in the working copy parses once.
 */
function parsedKey(file: string, contentId: string): string {
  return `${file}\u0000${contentId}`;
}

function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\u0000`).update(bytes).digest('hex');
}

function listingKey(app: AppSettings): string {
  return `${app.id}\u0000${app.repoPath}\u0000${app.appPath}`;
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
