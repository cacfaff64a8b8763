import { comparePaths, type IndexEntry } from './git-index';
import type { TreeLeaf } from './commit-objects';

/** The selected paths, answering "is this path at or under one of them?" in O(depth). */
export class Selection {
  readonly paths: string[];
  private readonly set: Set<string>;

  /** Paths inside another selected path are dropped: committing "a" already covers "a/b". */
  constructor(paths: string[]) {
    const set = new Set<string>();
    for (const p of [...new Set(paths)].sort()) {
      if (!prefixes(p).some((prefix) => set.has(prefix))) set.add(p);
    }
    this.set = set;
    this.paths = [...set];
  }

  /** The selected path covering `path` (itself or a folder above it), if any. */
  covering(path: string): string | undefined {
    if (this.set.has(path)) return path;
    return prefixes(path).find((prefix) => this.set.has(prefix));
  }
}

/** "a/b/c" -> ["a", "a/b"]. */
export function prefixes(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}

/** Entries of the index at or under the selected paths, by path (merged ones only). */
export function stagedUnder(entries: readonly IndexEntry[], selected: Selection): Map<string, TreeLeaf> {
  const leaves = new Map<string, TreeLeaf>();
  for (const path of selected.paths) {
    for (const i of [...indexesAt(entries, path), ...indexesUnder(entries, path)]) {
      const entry = entries[i]!;
      if (entry.stage === 0) leaves.set(entry.path, { mode: entry.mode.toString(8), oid: entry.oid });
    }
  }
  return leaves;
}

/** Index of the first entry not before `path` in git's order (entries are sorted). */
export function lowerBound(entries: readonly IndexEntry[], path: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comparePaths(entries[mid]!.path, path) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positions of the entries for `path` (one per stage). */
export function indexesAt(entries: readonly IndexEntry[], path: string): number[] {
  const out: number[] = [];
  for (let i = lowerBound(entries, path); entries[i]?.path === path; i++) out.push(i);
  return out;
}

export function entriesAt(entries: readonly IndexEntry[], path: string): IndexEntry[] {
  return indexesAt(entries, path).map((i) => entries[i]!);
}

/** Positions of the entries inside the folder `path`: contiguous in git's order. */
export function indexesUnder(entries: readonly IndexEntry[], path: string): number[] {
  const out: number[] = [];
  const prefix = `${path}/`;
  for (let i = lowerBound(entries, prefix); entries[i]?.path.startsWith(prefix); i++) out.push(i);
  return out;
}

/** Whether the index holds anything inside the folder `path`. */
export function hasUnder(entries: readonly IndexEntry[], path: string): boolean {
  return entries[lowerBound(entries, `${path}/`)]?.path.startsWith(`${path}/`) ?? false;
}
