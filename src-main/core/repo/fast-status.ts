import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, statSync, type Stats } from 'node:fs';
import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { IndexEntry } from './git-index';
import { parseTree, readObject, readTyped, type TreeEntry } from './git-objects';
import type { GitRepo } from './git-repo';
import { configValue, execBitCounts } from './git-config';
import { IgnoreRules } from './ignore-rules';
import { headOid } from './repo-files';
import { StatusCache } from './status-cache';

/** statusMatrix's row: [path, HEAD, WORKDIR, STAGE] with the same codes. */
export type StatusRow = [string, 0 | 1, 0 | 1 | 2, 0 | 1 | 2 | 3];

const PARALLEL = 64;
const MAX_CACHED_TREES = 20_000;
const STAT_SLICE = 500;

/**
 * HEAD's trees by oid. A tree's oid names its whole content, so an entry never goes stale; only
 * trees where the index differs from HEAD are read at all (see headFiles).
 */
export class TreeCache {
  private readonly trees = new Map<string, TreeEntry[]>();

  async read(repo: GitRepo, oid: string): Promise<TreeEntry[]> {
    const cached = this.trees.get(oid);
    if (cached) return cached;
    const entries = parseTree(await readTyped(repo, oid, 'tree'));
    if (this.trees.size >= MAX_CACHED_TREES) this.trees.clear();
    this.trees.set(oid, entries);
    return entries;
  }
}

/** True when .git/info/exclude holds a rule (git init writes one with comments only). */
function hasExcludes(gitdir: string): boolean {
  let text: string;
  try {
    text = readFileSync(join(gitdir, 'info', 'exclude'), 'utf8');
  } catch {
    return false;
  }
  return text.split(/\r?\n/).some((line) => line.trim() !== '' && !line.startsWith('#'));
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** True when `path` is `under`, inside it, or a folder on the way to it. */
function overlaps(path: string, under: string): boolean {
  return isUnder(path, under) || under.startsWith(`${path}/`);
}

/** A file as git compares it in trees and the index: mode and blob oid, "100644 <oid>". */
function identity(e: IndexEntry): string {
  return `${e.mode.toString(8)} ${e.oid}`;
}

/** The mode git would record for a working-copy file. */
function worktreeMode(s: Stats, entry: IndexEntry | undefined, execBit: boolean): string {
  if (s.isSymbolicLink()) return '120000';
  if (execBit) return s.mode & 0o100 ? '100755' : '100644';
  // Without the bit, git keeps the mode the index has.
  return entry?.mode === 0o100755 ? '100755' : '100644';
}

/**
 * HEAD's files under `under` (repository-relative), path -> mode and blob oid (see identity).
 * Where a folder's tree in HEAD has the oid the index's entries would give it, HEAD's files there
 * are the index's, so after reading the commit only the trees on paths where the index differs
 * from HEAD are read: none at all when nothing is staged.
 */
async function headFiles(
  repo: GitRepo,
  trees: TreeCache,
  under: string,
  entries: readonly IndexEntry[],
  fromIndex: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const head = await headOid(repo);
  if (!head) return out;
  const commit = await readObject(repo, head);
  const root = /^tree ([0-9a-f]{40})\n/.exec(commit.content.toString('latin1', 0, 100));
  if (commit.type !== 'commit' || !root) throw new Error(`${head} is not a commit`);
  const sameAsIndex = new Set<string>();
  const walk = async (oid: string, folder: string): Promise<void> => {
    if (fromIndex.get(folder) === oid) {
      sameAsIndex.add(folder);
      return;
    }
    for (const e of await trees.read(repo, oid)) {
      const path = folder ? `${folder}/${e.name}` : e.name;
      if (!overlaps(path, under)) continue;
      if (e.mode === '40000') await walk(e.oid, path);
      // Submodules (mode 160000) are not files of this repository.
      else if (e.mode !== '160000' && isUnder(path, under)) out.set(path, `${e.mode} ${e.oid}`);
    }
  };
  await walk(root[1]!, '');
  if (sameAsIndex.size === 0) return out;
  const all = sameAsIndex.has('');
  for (const e of entries) {
    if (e.stage !== 0 || e.mode === 0o160000 || !isUnder(e.path, under)) continue;
    if (all) {
      out.set(e.path, identity(e));
      continue;
    }
    for (let folder = folderOf(e.path); ; folder = folderOf(folder)) {
      if (sameAsIndex.has(folder)) {
        out.set(e.path, identity(e));
        break;
      }
      if (!folder) break;
    }
  }
  return out;
}

function blobOid(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

type FileStat = Stats | 'absent';

/**
 * lstat of every path, synchronously in slices: an lstat costs microseconds, and thousands of
 * promise round trips cost more than the calls themselves. The event loop runs between slices.
 * Number stats, not bigint ones: times in milliseconds with a fraction still tell microseconds
 * apart, and thousands of bigint stats cost more in garbage collection than the calls.
 */
async function lstatAll(dir: string, paths: readonly string[]): Promise<FileStat[]> {
  const out: FileStat[] = [];
  for (let i = 0; i < paths.length; i++) {
    if (i > 0 && i % STAT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    let s: Stats | undefined;
    try {
      s = lstatSync(`${dir}/${paths[i]!}`, { throwIfNoEntry: false });
    } catch {
      // ENOTDIR and the like: a file on the way where a folder was.
    }
    out.push(s ?? 'absent');
  }
  return out;
}

/**
 * The index's oid when the stat data say the file is what the index holds; undefined when only its
 * content can tell; null when there is no file.
 */
function oidByStat(
  s: FileStat,
  entry: IndexEntry | undefined,
  indexMtimeMs: number,
): string | null | undefined {
  if (s === 'absent' || s.isDirectory()) return null;
  if (!entry) return undefined;
  const entryUs = entry.mtimeSec * 1_000_000 + Math.floor(entry.mtimeNsec / 1000);
  // The index keeps the low 32 bits of size and inode, as git does.
  const sameStat =
    Math.abs(Math.round(s.mtimeMs * 1000) - entryUs) <= 1 &&
    s.size % 2 ** 32 === entry.size &&
    (entry.ino === 0 || s.ino % 2 ** 32 === entry.ino) &&
    (s.isSymbolicLink() ? entry.mode === 0o120000 : (entry.mode & 0o170000) === 0o100000);
  // "Racy git": a file changed in the same clock tick the index was written may keep its stat
  // data; only a file older than the index is trusted on its stat data alone.
  return sameStat && s.mtimeMs < indexMtimeMs ? entry.oid : undefined;
}

/** The working copy's blob oid of a file whose stat data do not settle it, or null when it is gone. */
async function hashFile(abs: string, s: Stats, cache: StatusCache): Promise<string | null> {
  try {
    if (s.isSymbolicLink()) return blobOid(Buffer.from((await readlink(abs)).split('\\').join('/')));
    const known = { mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, size: s.size, ino: s.ino };
    const cached = cache.hash(abs, known);
    if (cached) return cached;
    const readStartedMs = Date.now();
    const oid = blobOid(await readFile(abs));
    cache.rememberHash(abs, { ...known, oid }, readStartedMs);
    return oid;
  } catch {
    return null;
  }
}

/** Runs `fn` over `items` with PARALLEL calls in flight (no barrier between groups). */
async function inParallel<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
}

function isUnder(path: string, under: string): boolean {
  return !under || path === under || path.startsWith(`${under}/`);
}

/**
 * statusMatrix's rows for the files under `under`, computed the way git does: HEAD's trees read
 * only where they differ from the index's (see headFiles), the index's stat data to tell clean
 * files without reading them, and a hash only for files whose stat data differ or that changed in
 * the clock tick the index was written. Untracked files are found by one walk that skips ignored
 * folders. Nothing is kept between calls that a change by another git process could make stale:
 * trees are cached by oid, and the rest (see StatusCache) is checked against stat data or content.
 */
export async function fastStatusRows(
  repo: GitRepo,
  trees: TreeCache,
  under: string,
  isTemp: (path: string) => boolean,
  cache: StatusCache = new StatusCache(),
): Promise<StatusRow[]> {
  const indexPath = join(repo.gitdir, 'index');
  // The stat first: were the index replaced just after, its content would be newer than the time
  // taken, which only makes more files count as changed in its clock tick (and hashed). Both
  // synchronous: a round trip through the thread pool costs more than these reads.
  let indexStat: Stats | undefined;
  try {
    indexStat = statSync(indexPath, { throwIfNoEntry: false });
  } catch {
    // Unreadable: every file is hashed, as in the index's first tick.
  }
  const { entries, treeOids } = cache.index(indexPath);
  const execBit = execBitCounts(await configValue(repo, 'core.filemode'));
  const head = await headFiles(repo, trees, under, entries, treeOids);
  const indexMtimeMs = indexStat ? indexStat.mtimeMs : 0;
  const index = new Map<string, IndexEntry>();
  for (const e of entries) {
    // An unmerged path (stages 1-3 only) counts by its first entry, as in isomorphic-git's index.
    if (isUnder(e.path, under) && (e.stage === 0 || !index.has(e.path))) index.set(e.path, e);
  }
  const worktree = new Map<string, string | null>();
  const tracked = [...new Set([...index.keys(), ...head.keys()])];
  const stats = await lstatAll(repo.dir, tracked);
  const toHash: number[] = [];
  tracked.forEach((path, i) => {
    const known = oidByStat(stats[i]!, index.get(path), indexMtimeMs);
    if (known === undefined) toHash.push(i);
    else if (known === null) worktree.set(path, null);
    else worktree.set(path, `${worktreeMode(stats[i] as Stats, index.get(path), execBit)} ${known}`);
  });
  await inParallel(toHash, async (i) => {
    const path = tracked[i]!;
    const abs = join(repo.dir, ...path.split('/'));
    const oid = await hashFile(abs, stats[i] as Stats, cache);
    worktree.set(path, oid && `${worktreeMode(stats[i] as Stats, index.get(path), execBit)} ${oid}`);
  });

  const rules = new IgnoreRules(repo.dir, repo.gitdir);
  const untracked: string[] = [];
  // Where no .gitignore lies on the way to a folder and info/exclude is empty, nothing in it can be
  // ignored: asking would only try to read a .gitignore in every folder of the repository.
  let rulesAbove = hasExcludes(repo.gitdir);
  for (let folder = under; folder && !rulesAbove; folder = folderOf(folder)) {
    rulesAbove = existsSync(join(repo.dir, ...folderOf(folder).split('/'), '.gitignore'));
  }
  const reuseListings = cache.foldersTellChanges(repo.gitdir);
  let listed = 0;
  const visit = async (rel: string, rulesOnTheWay: boolean): Promise<void> => {
    // Listings are synchronous, like the stat calls above, in slices.
    if (++listed % STAT_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
    const list = rel
      ? cache.list(join(repo.dir, ...rel.split('/')), false, reuseListings)
      : cache.list(repo.dir, true, reuseListings);
    if (!list) return;
    const rulesHere = rulesOnTheWay || list.some((d) => d.name === '.gitignore');
    const ignored = (path: string) => (rulesHere ? rules.isIgnored(path) : false);
    const folders: string[] = [];
    for (const d of list) {
      if (d.name === '.git') continue;
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.folder) folders.push(path);
      else if (!worktree.has(path) && !isTemp(path) && !(await ignored(path))) untracked.push(path);
    }
    for (const f of folders) {
      if (!(await ignored(`${f}/`))) await visit(f, rulesHere);
    }
  };
  await visit(under, rulesAbove);

  const rows: StatusRow[] = [];
  for (const path of tracked) {
    const h = head.get(path) ?? null;
    const w = worktree.get(path) ?? null;
    const entry = index.get(path);
    const s = entry ? identity(entry) : null;
    // Mode and oid together: a file made executable is modified, as in `git status`.
    rows.push([path, h ? 1 : 0, !w ? 0 : w === h ? 1 : 2, !s ? 0 : s === h ? 1 : s === w ? 2 : 3]);
  }
  for (const path of untracked) rows.push([path, 0, 2, 0]);
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
