import type { GitIdentity } from '../../../src-shared/model';
import { encodeTree, type TreeItem } from './git-index';
import { parseTree, readTyped } from './git-objects';
import { newObject, type NewObject } from './loose-objects';
import { isNotFound, type GitRepo } from './git-repo';

/** A file or folder as a tree lists it; `mode` as git stores it ("100644", "40000"). */
export interface TreeLeaf {
  mode: string;
  oid: string;
}

const TREE_MODE = '40000';
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Tree objects made in memory; `objects` holds each new one, to be stored with the commit. */
export class Trees {
  readonly objects: NewObject[] = [];
  constructor(private readonly repo: GitRepo) {}

  async read(oid: string): Promise<TreeItem[]> {
    return parseTree(await readTyped(this.repo, oid, 'tree')).map((e) => ({
      ...e,
      isTree: e.mode === TREE_MODE || e.mode === '040000',
    }));
  }

  store(items: TreeItem[]): string {
    const object = newObject('tree', encodeTree(items));
    this.objects.push(object);
    return object.oid;
  }

  /** Nested trees for a flat (relative path -> leaf) map; null when empty. */
  build(leaves: Map<string, TreeLeaf>): string | null {
    if (leaves.size === 0) return null;
    const items: TreeItem[] = [];
    const dirs = new Map<string, Map<string, TreeLeaf>>();
    for (const [path, leaf] of leaves) {
      const slash = path.indexOf('/');
      if (slash < 0) {
        items.push({ name: path, mode: leaf.mode, oid: leaf.oid, isTree: leaf.mode === TREE_MODE });
        continue;
      }
      const name = path.slice(0, slash);
      if (!dirs.has(name)) dirs.set(name, new Map());
      dirs.get(name)!.set(path.slice(slash + 1), leaf);
    }
    for (const [name, sub] of dirs) {
      const oid = this.build(sub);
      if (oid) items.push({ name, mode: TREE_MODE, oid, isTree: true });
    }
    return this.store(items);
  }

  /**
   * A new version of the tree `base` in which each selected path (relative to `base`) holds
   * exactly the index's content at or under it. Only the trees on the selected paths are read and
   * made; every other subtree keeps its oid. Returns null for a tree left empty.
   */
  async rebuild(base: string | null, selected: Map<string, Map<string, TreeLeaf>>): Promise<string | null> {
    const entries = new Map<string, TreeItem>();
    if (base) for (const e of await this.read(base)) entries.set(e.name, e);
    const deeper = new Map<string, Map<string, Map<string, TreeLeaf>>>();
    for (const [path, leaves] of selected) {
      const slash = path.indexOf('/');
      if (slash >= 0) {
        const name = path.slice(0, slash);
        if (!deeper.has(name)) deeper.set(name, new Map());
        deeper.get(name)!.set(path.slice(slash + 1), leaves);
        continue;
      }
      entries.delete(path);
      const exact = leaves.get('');
      const oid = exact ? exact.oid : this.build(leaves);
      if (oid) {
        const mode = exact ? exact.mode : TREE_MODE;
        entries.set(path, { name: path, mode, oid, isTree: mode === TREE_MODE });
      }
    }
    const subtrees = await Promise.all(
      [...deeper].map(async ([name, sub]) => {
        const existing = entries.get(name);
        return [name, await this.rebuild(existing?.isTree ? existing.oid : null, sub)] as const;
      }),
    );
    for (const [name, oid] of subtrees) {
      if (oid) entries.set(name, { name, mode: TREE_MODE, oid, isTree: true });
      else entries.delete(name);
    }
    if (entries.size === 0) return null;
    return this.store([...entries.values()]);
  }
}

export async function inHeadTree(repo: GitRepo, headTree: string | null, path: string): Promise<boolean> {
  let tree = headTree;
  const names = path.split('/');
  for (let i = 0; tree; i++) {
    let items;
    try {
      items = parseTree(await readTyped(repo, tree, 'tree'));
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    const found = items.find((e) => e.name === names[i]);
    if (!found) return false;
    if (i === names.length - 1) return true;
    tree = found.mode === TREE_MODE || found.mode === '040000' ? found.oid : null;
  }
  return false;
}

export function commitTree(content: Buffer): string {
  const tree = /^tree ([0-9a-f]{40})$/m.exec(content.toString('latin1', 0, 64))?.[1];
  if (!tree) throw new Error('damaged commit object: no tree');
  return tree;
}

/** git's "+hhmm" for a JavaScript time-zone offset (minutes west of UTC). */
function timezone(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${offsetMinutes > 0 ? '-' : '+'}${hh}${mm}`;
}

/** The commit object, as isomorphic-git's commit renders it (message without CRs, one final newline). */
export function commitObject(
  tree: string,
  parents: string[],
  author: GitIdentity,
  message: string,
): NewObject {
  const now = new Date();
  const who = `${author.name} <${author.email}> ${Math.floor(now.getTime() / 1000)} ${timezone(now.getTimezoneOffset())}`;
  const text = message.replace(/\r/g, '').replace(/^\n+/, '').replace(/\n+$/, '');
  const headers = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`), `author ${who}`, `committer ${who}`];
  return newObject('commit', Buffer.from(`${headers.join('\n')}\n\n${text}\n`));
}
