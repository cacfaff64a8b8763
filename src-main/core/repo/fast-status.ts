import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { readIndex, type IndexEntry } from './git-index';
import type { GitRepo } from './git-repo';
import { IgnoreRules } from './ignore-rules';
import { headOid } from './repo-files';

/** statusMatrix's row: [path, HEAD, WORKDIR, STAGE] with the same codes. */
export type StatusRow = [string, 0 | 1, 0 | 1 | 2, 0 | 1 | 2 | 3];

const PARALLEL = 64;
const MAX_CACHED_TREES = 20_000;

/**
 * Flattened trees by oid. A tree's oid names its whole content, so an entry never goes stale:
 * while HEAD does not move, its side of the status costs nothing, and after a commit only the
 * trees on the changed paths are read again.
 */
export class TreeCache {
  private readonly trees = new Map<string, Map<string, string>>();

  async flatten(repo: GitRepo, oid: string): Promise<Map<string, string>> {
    const cached = this.trees.get(oid);
    if (cached) return cached;
    const { tree } = await git.readTree({
      fs: repo.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      cache: repo.cache,
    });
    const flat = new Map<string, string>();
    for (const entry of tree) {
      if (entry.type === 'blob') flat.set(entry.path, entry.oid);
      else if (entry.type === 'tree') {
        for (const [p, o] of await this.flatten(repo, entry.oid)) flat.set(`${entry.path}/${p}`, o);
      }
    }
    if (this.trees.size >= MAX_CACHED_TREES) this.trees.clear();
    this.trees.set(oid, flat);
    return flat;
  }
}

interface Hashed {
  mtimeNs: bigint;
  ctimeNs: bigint;
  size: bigint;
  ino: bigint;
  oid: string;
}

/**
 * Hashes of working-copy files whose stat data no longer match the index (edited, not yet
 * committed), by absolute path, so a status after thousands of edits hashes each file once, not on
 * every call. git gets the same by refreshing the index; this never writes the index.
 */
export class HashCache {
  private readonly hashes = new Map<string, Hashed>();

  get(abs: string, s: Omit<Hashed, 'oid'>): string | undefined {
    const h = this.hashes.get(abs);
    if (!h || h.mtimeNs !== s.mtimeNs || h.ctimeNs !== s.ctimeNs || h.size !== s.size || h.ino !== s.ino)
      return undefined;
    return h.oid;
  }

  set(abs: string, hashed: Hashed, readStartedNs: bigint): void {
    // A file changed in the clock tick it was read in may change again without new stat data.
    if (hashed.mtimeNs >= readStartedNs - RACY_MARGIN_NS) return;
    if (this.hashes.size >= MAX_CACHED_HASHES) this.hashes.clear();
    this.hashes.set(abs, hashed);
  }
}

const RACY_MARGIN_NS = 50_000_000n;
const MAX_CACHED_HASHES = 100_000;

/** HEAD's files under `under` (repository-relative), path -> blob oid. */
async function headFiles(repo: GitRepo, trees: TreeCache, under: string): Promise<Map<string, string>> {
  const head = await headOid(repo);
  if (!head) return new Map();
  const { commit } = await git.readCommit({
    fs: repo.fs,
    dir: repo.dir,
    gitdir: repo.gitdir,
    oid: head,
    cache: repo.cache,
  });
  let oid = commit.tree;
  for (const part of under ? under.split('/') : []) {
    const { tree } = await git.readTree({
      fs: repo.fs,
      dir: repo.dir,
      gitdir: repo.gitdir,
      oid,
      cache: repo.cache,
    });
    const next = tree.find((e) => e.path === part);
    if (next?.type !== 'tree') return next?.type === 'blob' ? new Map([[under, next.oid]]) : new Map();
    oid = next.oid;
  }
  const flat = await trees.flatten(repo, oid);
  if (!under) return flat;
  const out = new Map<string, string>();
  for (const [p, o] of flat) out.set(`${under}/${p}`, o);
  return out;
}

async function blobOid(content: Buffer): Promise<string> {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** The working copy's blob oid of `path`, or null when it is absent (or a folder). */
async function worktreeOid(
  repo: GitRepo,
  path: string,
  entry: IndexEntry | undefined,
  indexMtimeNs: bigint,
  hashes: HashCache,
) {
  const abs = join(repo.dir, ...path.split('/'));
  let s;
  try {
    s = await lstat(abs, { bigint: true });
  } catch {
    return null;
  }
  if (s.isDirectory()) return null;
  if (entry) {
    const mtimeSec = Number(s.mtimeNs / 1_000_000_000n);
    const mtimeUs = Number((s.mtimeNs % 1_000_000_000n) / 1000n);
    const sameStat =
      mtimeSec === entry.mtimeSec &&
      Math.abs(mtimeUs - Math.floor(entry.mtimeNsec / 1000)) <= 1 &&
      Number(s.size) === entry.size &&
      (entry.ino === 0 || Number(s.ino & 0xffffffffn) === entry.ino) &&
      (s.isSymbolicLink() ? entry.mode === 0o120000 : (entry.mode & 0o170000) === 0o100000);
    // "Racy git": a file changed in the same clock tick the index was written may keep its stat
    // data; only a file older than the index is trusted on its stat data alone.
    if (sameStat && s.mtimeNs < indexMtimeNs) return entry.oid;
  }
  if (s.isSymbolicLink()) return blobOid(Buffer.from((await readlink(abs)).split('\\').join('/')));
  const known = { mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs, size: s.size, ino: s.ino };
  const cached = hashes.get(abs, known);
  if (cached) return cached;
  const readStartedNs = BigInt(Date.now()) * 1_000_000n;
  try {
    const oid = await blobOid(await readFile(abs));
    hashes.set(abs, { ...known, oid }, readStartedNs);
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
 * statusMatrix's rows for the files under `under`, computed the way git does: HEAD from cached
 * trees, the index's stat data to tell clean files without reading them, and a hash only for files
 * whose stat data differ. Untracked files are found by one walk that skips ignored folders.
 */
export async function fastStatusRows(
  repo: GitRepo,
  trees: TreeCache,
  under: string,
  isTemp: (path: string) => boolean,
  hashes: HashCache = new HashCache(),
): Promise<StatusRow[]> {
  const indexPath = join(repo.gitdir, 'index');
  const [head, entries, indexStat] = await Promise.all([
    headFiles(repo, trees, under),
    readIndex(indexPath),
    stat(indexPath, { bigint: true }).catch(() => null),
  ]);
  const indexMtimeNs = indexStat ? indexStat.mtimeNs : 0n;
  const index = new Map<string, IndexEntry>();
  for (const e of entries ?? []) {
    if (e.stage === 0 && isUnder(e.path, under)) index.set(e.path, e);
  }
  const worktree = new Map<string, string | null>();
  const tracked = [...new Set([...index.keys(), ...head.keys()])];
  await inParallel(tracked, async (path) => {
    worktree.set(path, await worktreeOid(repo, path, index.get(path), indexMtimeNs, hashes));
  });

  const rules = new IgnoreRules(repo.dir, repo.gitdir);
  const untracked: string[] = [];
  const visit = async (rel: string): Promise<void> => {
    let list;
    try {
      list = await readdir(rel ? join(repo.dir, ...rel.split('/')) : repo.dir, { withFileTypes: true });
    } catch {
      return;
    }
    const folders: string[] = [];
    for (const d of list) {
      if (d.name === '.git') continue;
      const path = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) folders.push(path);
      else if (!worktree.has(path) && !isTemp(path) && !(await rules.isIgnored(path))) untracked.push(path);
    }
    for (const f of folders) {
      if (!(await rules.isIgnored(`${f}/`))) await visit(f);
    }
  };
  await visit(under);

  const rows: StatusRow[] = [];
  for (const path of tracked) {
    const h = head.get(path) ?? null;
    const w = worktree.get(path) ?? null;
    const s = index.get(path)?.oid ?? null;
    rows.push([path, h ? 1 : 0, !w ? 0 : w === h ? 1 : 2, !s ? 0 : s === h ? 1 : s === w ? 2 : 3]);
  }
  for (const path of untracked) rows.push([path, 0, 2, 0]);
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}
