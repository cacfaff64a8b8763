import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppSettings } from '../../../src-shared/model';
import { currentBranch } from './branches';
import { headOid } from './repo-files';
import { gitRepo, toAppPath } from './git-repo';
import { IgnoreRules } from './ignore-rules';
import { cleanWorktree } from './stale-files';

export type RepoChangeListener = (appId: string, paths: string[], headChanged: boolean) => void;

/** Quiet time that ends a burst (one save, one `git commit`). */
const DEBOUNCE_MS = 100;
/**
 * Longest a burst is held back, and the least time between two notifications: a program changing
 * thousands of files yields a few notifications, not one per file, and listeners keep up.
 */
const MAX_WAIT_MS = 400;
/** Folders watched per repository at most; past that, new folders are not watched. */
const MAX_FOLDERS = 20_000;
// Our own atomic writes go through ".<name>.<12 hex>.tmp"; git uses "*.lock". Neither is a change.
const TRANSIENT = /(^|\/)\.[^/]*\.[0-9a-f]{12}\.tmp$|\.lock$/;

interface Watch {
  app: AppSettings;
  /** One non-recursive watch per folder, keyed by repository-relative path ('' = root). */
  folders: Map<string, FSWatcher>;
  git: FSWatcher[];
  /** Folders of .git/refs already watched. */
  gitFolders: Set<string>;
  pending: Set<string>;
  gitTouched: boolean;
  timer: NodeJS.Timeout | null;
  /** When the oldest pending change arrived (for MAX_WAIT_MS). */
  since: number;
  lastFlush: number;
  head: string;
  closed: boolean;
}

/**
 * Notices edits made outside the app (editors, the git CLI) through inotify-style watches, never
 * polling. Every folder of the working tree gets a watch of its own, found by walking with lstat:
 * a folder's watch reports a file replaced by rename (atomic saves) as surely as one written in
 * place, and a symbolic link is never followed, so a link to / or $HOME is not watched. .git's
 * HEAD, index, packed-refs and refs are watched too. Events are coalesced so one `git commit`
 * (many file operations) becomes one notification, and a storm of changes a few.
 */
export class RepoWatcher {
  private readonly watches = new Map<string, Watch>();
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly listener: RepoChangeListener) {}

  async watch(app: AppSettings): Promise<void> {
    this.unwatch(app.id);
    const repo = gitRepo(app.repoPath);
    const w: Watch = {
      app,
      folders: new Map(),
      git: [],
      gitFolders: new Set(),
      pending: new Set(),
      gitTouched: false,
      timer: null,
      since: 0,
      lastFlush: 0,
      head: await headSignature(app),
      closed: false,
    };
    this.watches.set(app.id, w);
    const onGit = (prefix: string) => (name: string) => {
      const path = prefix + name;
      if (path === 'HEAD' || path === 'index' || path === 'packed-refs' || path.startsWith('refs/')) {
        if (!TRANSIENT.test(path)) this.touch(w, null);
      }
    };
    const gitWatch = (path: string, onEvent: (name: string) => void) => {
      if (w.closed) return;
      const watcher = open(path, onEvent);
      if (watcher) w.git.push(watcher);
    };
    gitWatch(repo.gitdir, onGit(''));
    // refs/ folder by folder too: git updates a ref by renaming "<ref>.lock" over it.
    const watchRefs = async (rel: string): Promise<void> => {
      if (w.closed) return;
      gitWatch(join(repo.gitdir, ...rel.split('/')), (name) => {
        onGit(`${rel}/`)(name);
        if (name && !TRANSIENT.test(name)) {
          void lstat(join(repo.gitdir, ...rel.split('/'), name)).then(
            (st) => {
              if (st.isDirectory() && !w.gitFolders.has(`${rel}/${name}`)) void watchRefs(`${rel}/${name}`);
            },
            () => undefined,
          );
        }
      });
      w.gitFolders.add(rel);
      const entries = await readdir(join(repo.gitdir, ...rel.split('/')), { withFileTypes: true }).catch(
        () => [],
      );
      for (const entry of entries) {
        if (entry.isDirectory() && !w.gitFolders.has(`${rel}/${entry.name}`))
          await watchRefs(`${rel}/${entry.name}`);
      }
    };
    await watchRefs('refs');
    await this.watchFolder(w, '', new IgnoreRules(repo.dir, repo.gitdir), false);
    // What an interrupted save left behind; not in the way of starting.
    void cleanWorktree(repo.dir).catch(() => undefined);
  }

  /**
   * Watches `rel` and, walking with lstat, every folder below it that is not a link, .git or
   * ignored. `announce` reports the files found (a folder moved in arrives as one event).
   */
  private async watchFolder(w: Watch, rel: string, rules: IgnoreRules, announce: boolean): Promise<void> {
    if (w.closed || w.folders.has(rel) || w.folders.size >= MAX_FOLDERS) return;
    // Ignored folders (node_modules, build output) are never watched: they may be huge.
    if (rel && (await rules.isIgnored(`${rel}/`))) return;
    if (w.closed || w.folders.has(rel)) return;
    const abs = rel ? join(w.app.repoPath, ...rel.split('/')) : w.app.repoPath;
    const watcher = open(abs, (name) => this.onFolderEvent(w, rel, name));
    if (!watcher) return;
    w.folders.set(rel, watcher);
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === '.git') continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      // Dirent types come from lstat: a symbolic link to a folder is not a directory here.
      if (entry.isDirectory()) {
        await this.watchFolder(w, path, rules, announce);
      } else if (announce) {
        this.touch(w, path);
      }
    }
  }

  private onFolderEvent(w: Watch, rel: string, name: string): void {
    if (w.closed || !name || name === '.git' || name.includes('/')) return;
    const path = rel ? `${rel}/${name}` : name;
    this.touch(w, path);
    // A new folder (created, or moved in with its files) gets its own watch; a removed one loses it.
    void lstat(join(w.app.repoPath, ...path.split('/'))).then(
      (stats) => {
        if (stats.isDirectory() && !w.folders.has(path)) {
          const repo = gitRepo(w.app.repoPath);
          void this.watchFolder(w, path, new IgnoreRules(repo.dir, repo.gitdir), true);
        } else if (!stats.isDirectory()) {
          this.forgetFolder(w, path);
        }
      },
      () => this.forgetFolder(w, path),
    );
  }

  private forgetFolder(w: Watch, path: string): void {
    for (const [rel, watcher] of w.folders) {
      if (rel === path || rel.startsWith(`${path}/`)) {
        watcher.close();
        w.folders.delete(rel);
      }
    }
  }

  unwatch(appId: string): void {
    const w = this.watches.get(appId);
    if (!w) return;
    w.closed = true;
    if (w.timer) clearTimeout(w.timer);
    for (const watcher of w.folders.values()) watcher.close();
    for (const watcher of w.git) watcher.close();
    this.watches.delete(appId);
  }

  /**
   * Starts watches for new apps and stops those of removed ones (or whose folder changed). Calls
   * run one after another: an add whose watch is still starting must not outlive a later remove.
   */
  syncWith(apps: AppSettings[]): Promise<void> {
    this.syncing = this.syncing.then(() => this.applyApps(apps));
    return this.syncing;
  }

  private async applyApps(apps: AppSettings[]): Promise<void> {
    const wanted = new Map(apps.map((a) => [a.id, a]));
    for (const [id, w] of this.watches) {
      const next = wanted.get(id);
      if (!next || next.repoPath !== w.app.repoPath) this.unwatch(id);
      else w.app = next;
    }
    for (const app of apps) {
      if (!this.watches.has(app.id)) await this.watch(app).catch(() => undefined);
    }
  }

  dispose(): void {
    for (const id of [...this.watches.keys()]) this.unwatch(id);
  }

  private touch(w: Watch, repoPath: string | null): void {
    if (w.closed) return;
    if (repoPath === null) w.gitTouched = true;
    else if (!TRANSIENT.test(repoPath)) w.pending.add(repoPath);
    else return;
    const now = Date.now();
    if (!w.timer) w.since = now;
    else clearTimeout(w.timer);
    // Wait for quiet, but never past MAX_WAIT_MS from the first change, nor sooner than
    // MAX_WAIT_MS after the previous notification while changes keep coming.
    const quiet = now + DEBOUNCE_MS;
    const due = Math.min(Math.max(quiet, w.lastFlush + MAX_WAIT_MS), w.since + MAX_WAIT_MS);
    w.timer = setTimeout(() => void this.flush(w), Math.max(0, due - now));
  }

  private async flush(w: Watch): Promise<void> {
    w.timer = null;
    w.lastFlush = Date.now();
    const repoPaths = [...w.pending];
    const gitTouched = w.gitTouched;
    w.pending.clear();
    w.gitTouched = false;
    const repo = gitRepo(w.app.repoPath);
    const head = await headSignature(w.app);
    const headChanged = head !== w.head;
    w.head = head;
    const rules = new IgnoreRules(repo.dir, repo.gitdir);
    const paths: string[] = [];
    for (const p of repoPaths) {
      const rel = toAppPath(w.app, p);
      if (rel === null || rel === '') continue;
      if (!(await rules.isIgnored(p).catch(() => false))) paths.push(rel);
    }
    if (w.closed || (paths.length === 0 && !headChanged && !gitTouched)) return;
    this.listener(w.app.id, paths.sort(), headChanged);
  }
}

/** A watch that closes itself on error (a folder removed, a watch limit reached). */
function open(path: string, onEvent: (name: string) => void): FSWatcher | null {
  try {
    const watcher = watch(path, { persistent: false }, (_event, name) =>
      onEvent(name ? String(name).split('\\').join('/') : ''),
    );
    watcher.on('error', () => watcher.close());
    return watcher;
  } catch {
    // A folder that vanished between listing and watching simply is not watched.
    return null;
  }
}

async function headSignature(app: AppSettings): Promise<string> {
  const repo = gitRepo(app.repoPath);
  try {
    return `${(await currentBranch(repo)) ?? ''}@${(await headOid(repo)) ?? ''}`;
  } catch {
    return '';
  }
}
