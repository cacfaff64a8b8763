import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import git from 'isomorphic-git';
import type { GitRepo } from '../repo/git-repo';
import { parseTree, readTyped, rootTree } from '../repo/git-objects';
import { objectSize } from '../repo/object-size';
import { blobSizeAt, listCommitTree, listWorktree, readBlobAt, type RepoFile } from '../repo/repo-files';
import type { FileStamp } from './stamped-docs';

/** Where manifests are read from: the working copy or one commit. Paths are repository-relative. */
export interface ManifestSource {
  list(under: string): Promise<RepoFile[]>;
  /** Size in bytes, checked before reading so an enormous file is never loaded. */
  size(path: string): Promise<number>;
  read(path: string): Promise<Uint8Array>;
  /** The git blob id of a file when known without reading it (a commit's tree names it). */
  contentId?(path: string): Promise<string | undefined>;
  /** Size, times and inode of a working-copy file (absent for commits, whose content is fixed). */
  stamp?(path: string): Promise<FileStamp>;
  /** A real folder on disk holding `path` (for kustomize / helm). */
  folderOnDisk(path: string): Promise<string>;
  /**
   * Symbolic links under `under` that look like manifests (or, in the working copy, point at a
   * folder). They are never followed, and the user is told so instead of an object going missing.
   */
  links(under: string): Promise<string[]>;
  dispose(): Promise<void>;
}

const LINKED_MANIFEST = /\.(ya?ml|json)$/i;

export class WorktreeSource implements ManifestSource {
  constructor(private readonly repo: GitRepo) {}
  list(under: string) {
    return listWorktree(this.repo, under);
  }
  async size(path: string) {
    return (await stat(this.abs(path))).size;
  }
  async stamp(path: string): Promise<FileStamp> {
    const s = await stat(this.abs(path));
    return { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
  }
  read(path: string) {
    return readFile(this.abs(path));
  }
  async folderOnDisk(path: string) {
    return this.abs(path);
  }
  async links(under: string) {
    const out: string[] = [];
    const visit = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(this.abs(rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (entry.name === '.git') continue;
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) await visit(path);
        else if (entry.isSymbolicLink()) {
          const toFolder = await stat(this.abs(path)).then(
            (st) => st.isDirectory(),
            () => false,
          );
          if (!toFolder && !LINKED_MANIFEST.test(entry.name)) continue;
          const ignored = await git.isIgnored({
            fs: this.repo.fs,
            dir: this.repo.dir,
            gitdir: this.repo.gitdir,
            filepath: path,
          });
          if (!ignored) out.push(path);
        }
      }
    };
    await visit(under);
    return out.sort();
  }
  async dispose() {}
  private abs(path: string) {
    return path ? join(this.repo.dir, ...path.split('/')) : this.repo.dir;
  }
}

/**
 * A commit's tree. Renderers need real files, and a kustomization may reach outside its folder
 * (`../base`), so the first render exports the whole commit into a temp folder.
 */
export class CommitSource implements ManifestSource {
  private exported: Promise<string> | null = null;
  private readonly blobs = new Map<string, Uint8Array>();
  /** The commit's tree, walked once by object id: paths are never resolved from the root again. */
  private tree: Promise<Map<string, { oid: string; type: 'file' | 'dir' }>> | null = null;
  /** The app folder: the walk skips the rest of the repository. */
  private under = '';
  /** Symbolic links the walk met (never followed). */
  private readonly linkPaths: string[] = [];

  constructor(
    private readonly repo: GitRepo,
    private readonly oid: string,
  ) {}

  async list(under: string) {
    this.under = under;
    const out: RepoFile[] = [];
    for (const [path, e] of await this.entries()) {
      if (under && path !== under && !path.startsWith(`${under}/`)) continue;
      if (path === under) continue;
      out.push({ path, type: e.type });
    }
    return out;
  }
  async contentId(path: string) {
    const e = (await this.entries()).get(path);
    return e?.type === 'file' ? e.oid : undefined;
  }
  async size(path: string) {
    // By the blob's id from the walked tree: resolving the path again walks it from the root.
    const id = await this.contentId(path);
    const size = id ? await objectSize(this.repo, id) : await blobSizeAt(this.repo, this.oid, path);
    return size ?? (await this.read(path)).length;
  }
  async read(path: string) {
    let blob = this.blobs.get(path);
    if (!blob) {
      const id = await this.contentId(path);
      // Straight from the loose file or pack entry with native zlib: isomorphic-git inflates in
      // JavaScript and looks for a loose file and lists the packs for every object.
      blob = id
        ? await readTyped(this.repo, id, 'blob')
        : ((await readBlobAt(this.repo, this.oid, path)) ?? new Uint8Array());
      this.blobs.set(path, blob);
    }
    return blob;
  }
  async folderOnDisk(path: string) {
    this.exported ??= this.export();
    const root = await this.exported;
    return path ? join(root, ...path.split('/')) : root;
  }
  async links(under: string) {
    // From the walked tree: isomorphic-git's readTree inflates every tree (and rebuilds each
    // delta) in JavaScript, seconds for an app of a few thousand files in a packed history.
    if (!this.tree) this.under = under;
    await this.entries();
    return this.linkPaths
      .filter((path) => !under || path.startsWith(`${under}/`))
      .filter((path) => LINKED_MANIFEST.test(path.slice(path.lastIndexOf('/') + 1)))
      .sort();
  }
  async dispose() {
    this.blobs.clear();
    if (this.exported) await rm(await this.exported, { recursive: true, force: true });
  }
  private entries() {
    this.tree ??= this.walk();
    return this.tree;
  }
  /**
   * Files (blobs, not symbolic links or submodules) and folders, depth first in tree order;
   * symbolic links are noted apart.
   */
  private async walk(): Promise<Map<string, { oid: string; type: 'file' | 'dir' }>> {
    const out = new Map<string, { oid: string; type: 'file' | 'dir' }>();
    const visit = async (oid: string, prefix: string): Promise<void> => {
      const tree = prefix
        ? parseTree(await readTyped(this.repo, oid, 'tree'))
        : await rootTree(this.repo, oid);
      for (const entry of tree) {
        const path = prefix ? `${prefix}/${entry.name}` : entry.name;
        if (entry.mode === '40000') {
          const u = this.under;
          if (u && !u.startsWith(`${path}/`) && u !== path && !path.startsWith(`${u}/`)) continue;
          out.set(path, { oid: entry.oid, type: 'dir' });
          await visit(entry.oid, path);
        } else if (entry.mode.startsWith('100')) {
          out.set(path, { oid: entry.oid, type: 'file' });
        } else if (entry.mode === '120000') {
          this.linkPaths.push(path);
        }
      }
    };
    await visit(this.oid, '');
    return out;
  }
  private async export(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'gitops-desktop-render-'));
    for (const file of await listCommitTree(this.repo, this.oid, '')) {
      const target = join(root, ...file.path.split('/'));
      if (file.type === 'dir') continue;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, (await readBlobAt(this.repo, this.oid, file.path)) ?? new Uint8Array());
    }
    return root;
  }
}
