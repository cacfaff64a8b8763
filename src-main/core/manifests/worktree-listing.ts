import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepoFile } from '../repo/repo-files';

/** Depth-first name order, as a recursive listing sorted per folder produces it. */
export function treeOrder(a: string, b: string): number {
  const sa = a.split('/');
  const sb = b.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    if (sa[i] !== sb[i]) return sa[i]! < sb[i]! ? -1 : 1;
  }
  return sa.length - sb.length;
}

interface Listing {
  files: RepoFile[];
  /** Repository-relative paths the watcher reported since the last load; 'rescan' = list again. */
  pending: Set<string> | 'rescan';
}

export interface ListingUpdate {
  files: RepoFile[];
  /**
   * Whether a file's content may have changed since the last load: always after a full listing,
   * else only for the paths the watcher reported (or the folders holding them).
   */
  mayHaveChanged(path: string): boolean;
}

const always = () => true;

function within(paths: Set<string>): (path: string) => boolean {
  return (path) => {
    if (paths.has(path)) return true;
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      if (paths.has(path.slice(0, i))) return true;
    }
    return false;
  };
}

/**
 * The working copy's file list per app, kept up to date from the watcher's changed paths, so a
 * save costs one lstat instead of a walk of the whole tree (with a .gitignore check per file).
 * A full listing is made when there is no news to go by (a first load, an explicit request),
 * when HEAD moved, when a .gitignore changed, or after `reset`.
 */
export class WorktreeListings {
  private readonly listings = new Map<string, Listing>();

  changed(key: string, repoPaths: string[], rescan: boolean): void {
    const l = this.listings.get(key);
    if (!l) return;
    if (rescan || repoPaths.some((p) => p === '.gitignore' || p.endsWith('/.gitignore'))) {
      l.pending = 'rescan';
      return;
    }
    if (l.pending === 'rescan') return;
    for (const p of repoPaths) l.pending.add(p);
  }

  reset(): void {
    this.listings.clear();
  }

  /**
   * The current list. `fullList(under)` walks a folder (repository-relative) the slow, complete
   * way; `root` is the working copy on disk.
   */
  async list(
    key: string,
    root: string,
    under: string,
    fullList: (under: string) => Promise<RepoFile[]>,
  ): Promise<ListingUpdate> {
    const l = this.listings.get(key);
    if (!l || l.pending === 'rescan' || l.pending.size === 0) {
      const files = await fullList(under);
      this.listings.set(key, { files, pending: new Set() });
      return { files, mayHaveChanged: always };
    }
    const pending = l.pending;
    l.pending = new Set();
    const byPath = new Map(l.files.map((f) => [f.path, f]));
    const removeUnder = (p: string) => {
      for (const path of [...byPath.keys()]) {
        if (path === p || path.startsWith(`${p}/`)) byPath.delete(path);
      }
    };
    for (const p of pending) {
      if (under && p !== under && !p.startsWith(`${under}/`)) continue;
      let st;
      try {
        st = await lstat(join(root, ...p.split('/')));
      } catch {
        removeUnder(p);
        continue;
      }
      if (st.isDirectory()) {
        // A folder appeared, moved or was replaced: list just that part again.
        removeUnder(p);
        for (const f of await fullList(p)) byPath.set(f.path, f);
        byPath.set(p, { path: p, type: 'dir' });
      } else if (st.isFile()) {
        byPath.set(p, { path: p, type: 'file' });
      } else {
        // Symbolic links and the like are not listed (as in a full listing).
        removeUnder(p);
      }
    }
    const files = [...byPath.values()].sort((a, b) => treeOrder(a.path, b.path));
    l.files = files;
    return { files, mayHaveChanged: within(pending) };
  }
}
