import type { FileChange, FileChangeKind, FileEntry, ManifestProblem } from '../../../src-shared/model';

export interface FileNode {
  name: string;
  path: string;
  type: 'file' | 'dir';
  children: FileNode[];
}

/** Nests a flat path list into folders (folders first, then files, each by name). */
export function buildFileTree(entries: readonly FileEntry[]): FileNode[] {
  const root: FileNode = { name: '', path: '', type: 'dir', children: [] };
  const dirs = new Map<string, FileNode>([['', root]]);
  const ensureDir = (path: string): FileNode => {
    const existing = dirs.get(path);
    if (existing) return existing;
    const slash = path.lastIndexOf('/');
    const parent = ensureDir(slash === -1 ? '' : path.slice(0, slash));
    const node: FileNode = { name: path.slice(slash + 1), path, type: 'dir', children: [] };
    parent.children.push(node);
    dirs.set(path, node);
    return node;
  };
  for (const entry of entries) {
    if (entry.type === 'dir') {
      ensureDir(entry.path);
      continue;
    }
    const slash = entry.path.lastIndexOf('/');
    const parent = ensureDir(slash === -1 ? '' : entry.path.slice(0, slash));
    parent.children.push({ name: entry.path.slice(slash + 1), path: entry.path, type: 'file', children: [] });
  }
  const sort = (nodes: FileNode[]) => {
    nodes.sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === 'dir' ? -1 : 1));
    for (const n of nodes) sort(n.children);
  };
  sort(root.children);
  return root.children;
}

export interface FileMarks {
  change?: FileChangeKind;
  problems: ManifestProblem[];
}

/** Per path: its git change and its loader problems; folders inherit a summary of their files. */
export function fileMarks(
  changes: readonly FileChange[],
  problems: readonly ManifestProblem[],
): Map<string, FileMarks> {
  const marks = new Map<string, FileMarks>();
  const get = (path: string) => {
    let m = marks.get(path);
    if (!m) marks.set(path, (m = { problems: [] }));
    return m;
  };
  const ancestors = (path: string): string[] => {
    const parts = path.split('/');
    const out: string[] = [];
    for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
    return out;
  };
  for (const c of changes) {
    get(c.path).change = c.change;
    for (const a of ancestors(c.path)) get(a).change ??= 'modified';
  }
  for (const p of problems) {
    get(p.file).problems.push(p);
    for (const a of ancestors(p.file)) get(a).problems.push(p);
  }
  return marks;
}

/** Subsequence match scored for quick-open: contiguous runs and basename hits rank first. */
export function fuzzyScore(query: string, path: string): number | null {
  if (!query) return 0;
  const q = query.toLowerCase();
  const p = path.toLowerCase();
  const base = p.slice(p.lastIndexOf('/') + 1);
  if (base.startsWith(q)) return 1000 - base.length;
  if (p.includes(q)) return 500 - p.length;
  let score = 0;
  let pi = 0;
  let run = 0;
  for (const ch of q) {
    const found = p.indexOf(ch, pi);
    if (found === -1) return null;
    run = found === pi ? run + 1 : 0;
    score += run * 5 - (found - pi);
    pi = found + 1;
  }
  return score;
}

export const changeLetter: Record<FileChangeKind, string> = {
  modified: 'M',
  added: 'A',
  deleted: 'D',
  untracked: 'U',
};
