import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GitRepo } from '../repo/git-repo';
import { listCommitTree, listWorktree, readBlobAt, type RepoFile } from '../repo/repo-files';
import type { FileStamp } from './stamped-docs';

/** Where manifests are read from: the working copy or one commit. Paths are repository-relative. */
export interface ManifestSource {
  list(under: string): Promise<RepoFile[]>;
  /** Size in bytes, checked before reading so an enormous file is never loaded. */
  size(path: string): Promise<number>;
  read(path: string): Promise<Uint8Array>;
  /** Size, times and inode of a working-copy file (absent for commits, whose content is fixed). */
  stamp?(path: string): Promise<FileStamp>;
  /** A real folder on disk holding `path` (for kustomize / helm). */
  folderOnDisk(path: string): Promise<string>;
  dispose(): Promise<void>;
}

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

  constructor(
    private readonly repo: GitRepo,
    private readonly oid: string,
  ) {}

  list(under: string) {
    return listCommitTree(this.repo, this.oid, under);
  }
  async size(path: string) {
    return (await this.read(path)).length;
  }
  async read(path: string) {
    let blob = this.blobs.get(path);
    if (!blob) {
      blob = (await readBlobAt(this.repo, this.oid, path)) ?? new Uint8Array();
      this.blobs.set(path, blob);
    }
    return blob;
  }
  async folderOnDisk(path: string) {
    this.exported ??= this.export();
    const root = await this.exported;
    return path ? join(root, ...path.split('/')) : root;
  }
  async dispose() {
    this.blobs.clear();
    if (this.exported) await rm(await this.exported, { recursive: true, force: true });
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
