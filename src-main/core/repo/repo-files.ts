import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import type { GitRepo } from './git-repo';
import { isNotFound } from './git-repo';
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
        if (await git.isIgnored({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: `${path}/` }))
          continue;
        out.push({ path, type: 'dir' });
        await visit(path);
      } else if (entry.isFile()) {
        if (WORKTREE_TEMP.test(entry.name)) continue;
        if (await git.isIgnored({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: path }))
          continue;
        out.push({ path, type: 'file' });
      }
    }
  };
  await visit(under);
  return out;
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

/** Content of a file in a commit, or null when the commit does not have it. */
export async function readBlobAt(repo: GitRepo, oid: string, filepath: string): Promise<Uint8Array | null> {
  try {
    const { blob } = await git.readBlob({
      fs: repo.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      filepath,
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
