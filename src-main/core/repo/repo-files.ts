import { readdir, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import type { GitRepo } from './git-repo';
import { isNotFound } from './git-repo';
import { IgnoreRules } from './ignore-rules';
import { objectSize } from './object-size';
import { WORKTREE_TEMP } from './stale-files';

export interface RepoFile {
  /** Repository-relative POSIX path. */
  path: string;
  type: 'file' | 'dir';
}

/**
 * Files and folders of the working copy under `under` (repository-relative), minus .git and what
 * .gitignore / .git/info/exclude exclude. Ignored folders are pruned whole, as git does. Symbolic
 * links are skipped: reading through them goes via the confined-path check instead.
 */
export async function listWorktree(repo: GitRepo, under: string): Promise<RepoFile[]> {
  const out: RepoFile[] = [];
  const rules = new IgnoreRules(repo.dir, repo.gitdir);
  const visit = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(rel ? join(repo.dir, rel) : repo.dir, { withFileTypes: true });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (await rules.isIgnored(`${path}/`)) continue;
        out.push({ path, type: 'dir' });
        await visit(path);
      } else if (entry.isFile()) {
        if (WORKTREE_TEMP.test(entry.name)) continue;
        if (await rules.isIgnored(path)) continue;
        out.push({ path, type: 'file' });
      }
    }
  };
  if (under && !(await staysInside(repo.dir, under))) return out;
  await visit(under);
  return out;
}

/** False when `under` (an app folder) is, or runs through, a symbolic link leading out of the repository. */
async function staysInside(dir: string, under: string): Promise<boolean> {
  try {
    const [root, real] = await Promise.all([realpath(dir), realpath(join(dir, ...under.split('/')))]);
    const rel = relative(root, real);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('.git'));
  } catch {
    return true; // a missing folder lists as empty below
  }
}

/** Files and folders under `under` in a commit's tree (repository-relative). */
export async function listCommitTree(repo: GitRepo, oid: string, under: string): Promise<RepoFile[]> {
  const out: RepoFile[] = [];
  const visit = async (treePath: string): Promise<void> => {
    let tree;
    try {
      tree = await git.readTree({
        fs: repo.fs,
        dir: repo.dir,
        gitdir: repo.gitdir,
        oid,
        cache: repo.cache,
        ...(treePath ? { filepath: treePath } : {}),
      });
    } catch (err) {
      if (isNotFound(err) || (err as { code?: string }).code === 'ObjectTypeError') return;
      throw err;
    }
    for (const entry of tree.tree) {
      const path = treePath ? `${treePath}/${entry.path}` : entry.path;
      if (entry.type === 'tree') {
        out.push({ path, type: 'dir' });
        await visit(path);
      } else if (entry.type === 'blob' && entry.mode !== '120000') {
        out.push({ path, type: 'file' });
      }
    }
  };
  await visit(under);
  return out;
}

/** Blobs larger than this are never inflated: a small packed object can hold gigabytes. */
export const MAX_BLOB_BYTES = 20 * 1024 * 1024;

/** The blob oid of a file in a commit, or null when the commit has no such file. */
async function blobOidAt(repo: GitRepo, oid: string, filepath: string): Promise<string | null> {
  const slash = filepath.lastIndexOf('/');
  const name = filepath.slice(slash + 1);
  try {
    const { tree } = await git.readTree({
      fs: repo.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      cache: repo.cache,
      ...(slash >= 0 ? { filepath: filepath.slice(0, slash) } : {}),
    });
    const entry = tree.find((e) => e.path === name);
    return entry?.type === 'blob' ? entry.oid : null;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (isNotFound(err) || code === 'ObjectTypeError') return null;
    throw err;
  }
}

/** Size of a file in a commit, read from the object's header (nothing is inflated); null when absent. */
export async function blobSizeAt(repo: GitRepo, oid: string, filepath: string): Promise<number | null> {
  const blob = await blobOidAt(repo, oid, filepath);
  return blob ? objectSize(repo, blob) : null;
}

/**
 * Content of a file in a commit, or null when the commit does not have it. The size is checked
 * before inflating, so a decompression bomb is refused instead of filling memory.
 */
export async function readBlobAt(repo: GitRepo, oid: string, filepath: string): Promise<Uint8Array | null> {
  const blobOid = await blobOidAt(repo, oid, filepath);
  if (!blobOid) return null;
  const size = await objectSize(repo, blobOid);
  if (size !== null && size > MAX_BLOB_BYTES)
    throw new ApiFailure(
      'invalid',
      `"${filepath}" is ${(size / 1048576).toFixed(0)} MB in commit ${oid.slice(0, 7)}; files over ${MAX_BLOB_BYTES / 1048576} MB are not read.`,
    );
  try {
    const { blob } = await git.readBlob({
      fs: repo.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid: blobOid,
      cache: repo.cache,
    });
    return blob;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (isNotFound(err) || code === 'ObjectTypeError') return null;
    throw err;
  }
}

/** HEAD's commit oid, or null in a repository without commits yet. */
export async function headOid(repo: GitRepo): Promise<string | null> {
  try {
    return await git.resolveRef({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, ref: 'HEAD' });
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}
