import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import type { AppSettings } from '../../../src-shared/model';
import { currentBranch } from './branches';
import { headOid } from './repo-files';
import { gitRepo, toAppPath } from './git-repo';
import { IgnoreRules } from './ignore-rules';
import { cleanWorktree } from './stale-files';

export type RepoChangeListener = (appId: string, paths: string[], headChanged: boolean) => void;

/**
 * Quiet time that ends a burst (the rest of a `git commit`), and the least time between two
 * notifications that are not held back: a change after this much calm is reported at once.
 */
const DEBOUNCE_MS = 100;
/**
 * Longest changes that follow a notification are held back: a program changing thousands of files
 * yields a few notifications, not one per file, and listeners keep up.
 */
const MAX_WAIT_MS = 400;
/** How long a save made through the app stays recognisable when the OS reports it late. */
const OWN_WRITE_MS = 5000;
const SAVING = 'saving';
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
  /** A held-back notification (trailing changes), or one due at once (leading edge). */
  timer: NodeJS.Timeout | null;
  leading: NodeJS.Immediate | null;
  /** When the oldest pending change arrived (for MAX_WAIT_MS). */
  since: number;
  lastFlush: number;
  /** Notifications run one after another, so HEAD comparisons and listeners see them in order. */
  flushing: Promise<void>;
  /**
   * Files the app saved and already reported, with the stamp they had then: the OS's own event
   * for that save, arriving after the report, is not a second change.
   */
  ownWrites: Map<string, { stamp: string; at: number }>;
  head: string;
  closed: boolean;
}

/**
 * Notices edits made outside the app (editors, the git CLI) through inotify-style watches, never
 * polling. Every folder of the working tree gets a watch of its own, found by walking with lstat:
 * a folder's watch reports a file replaced by rename (atomic saves) as surely as one written in
 * place, and a symbolic link is never followed, so a link to / or $HOME is not watched. .git's
 * HEAD, index, packed-refs and refs are watched too. The first change after a calm moment is
 * reported at once (a save shows without delay); what follows is coalesced, so the rest of a
 * `git commit` (many file operations) becomes one more notification, and a storm of changes a few.
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
      leading: null,
      since: 0,
      lastFlush: 0,
      flushing: Promise.resolve(),
      ownWrites: new Map(),
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
    if (w.leading) clearImmediate(w.leading);
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

  /**
   * Runs `save`, by which the app itself writes or deletes `repoPath` in the repository at
   * `repoDir`. Every app watching it hears once the save is done, without waiting for the OS's
   * event; that event (during the save, or later with the file as saved) is not a second change.
   */
  async saving<T>(repoDir: string, repoPath: string, save: () => Promise<T>): Promise<T> {
    const watches = () => [...this.watches.values()].filter((w) => w.app.repoPath === repoDir && !w.closed);
    for (const w of watches()) w.ownWrites.set(repoPath, { stamp: SAVING, at: Date.now() });
    try {
      return await save();
    } finally {
      const stamp = await stampOf(join(repoDir, ...repoPath.split('/')));
      for (const w of watches()) {
        w.pending.add(repoPath);
        w.ownWrites.set(repoPath, { stamp: `unreported ${stamp}`, at: Date.now() });
        this.schedule(w, true);
      }
    }
  }

  private touch(w: Watch, repoPath: string | null): void {
    if (w.closed) return;
    if (repoPath === null) w.gitTouched = true;
    else if (!TRANSIENT.test(repoPath)) w.pending.add(repoPath);
    else return;
    this.schedule(w, false);
  }

  /**
   * Leading edge: a change after a calm moment is reported at once (with whatever else arrived in
   * the same turn of the event loop), so a save never waits for a window to end. What follows
   * within DEBOUNCE_MS of a notification is coalesced until quiet, never past MAX_WAIT_MS from its
   * first change; nothing is dropped, it only waits for the next notification.
   */
  private schedule(w: Watch, urgent: boolean): void {
    if (w.leading) return;
    const now = Date.now();
    // A save made through the app is the user waiting: it goes out at once, whatever came before.
    if (urgent || (!w.timer && now - w.lastFlush >= DEBOUNCE_MS)) {
      if (w.timer) clearTimeout(w.timer);
      w.timer = null;
      w.leading = setImmediate(() => {
        w.leading = null;
        this.flush(w);
      });
      return;
    }
    if (!w.timer) w.since = now;
    else clearTimeout(w.timer);
    const due = Math.min(now + DEBOUNCE_MS, w.since + MAX_WAIT_MS);
    w.timer = setTimeout(
      () => {
        w.timer = null;
        this.flush(w);
      },
      Math.max(0, due - now),
    );
  }

  private flush(w: Watch): void {
    w.lastFlush = Date.now();
    w.flushing = w.flushing.then(
      () => this.notify(w),
      () => this.notify(w),
    );
  }

  private async notify(w: Watch): Promise<void> {
    if (w.closed) return;
    const repoPaths = [...w.pending];
    const gitTouched = w.gitTouched;
    w.pending.clear();
    w.gitTouched = false;
    const now = Date.now();
    for (const [p, own] of w.ownWrites) {
      if (now - own.at > OWN_WRITE_MS) w.ownWrites.delete(p);
    }
    const repo = gitRepo(w.app.repoPath);
    const rules = new IgnoreRules(repo.dir, repo.gitdir);
    const [head, kept] = await Promise.all([
      headSignature(w.app),
      Promise.all(repoPaths.map(async (p) => ((await this.isNews(w, p)) ? p : null))),
    ]);
    const headChanged = head !== w.head;
    w.head = head;
    const paths: string[] = [];
    for (const p of kept) {
      if (p === null) continue;
      const rel = toAppPath(w.app, p);
      if (rel === null || rel === '') continue;
      if (!(await rules.isIgnored(p).catch(() => false))) paths.push(rel);
    }
    if (w.closed || (paths.length === 0 && !headChanged && !gitTouched)) return;
    this.listener(w.app.id, paths.sort(), headChanged);
  }

  /** False for the OS's late event of a save the app made and already reported. */
  private async isNews(w: Watch, repoPath: string): Promise<boolean> {
    const own = w.ownWrites.get(repoPath);
    if (!own) return true;
    // Reported when the save is done.
    if (own.stamp === SAVING) return false;
    const stamp = await stampOf(join(w.app.repoPath, ...repoPath.split('/')));
    if (own.stamp === `unreported ${stamp}`) {
      own.stamp = stamp;
      return true;
    }
    if (own.stamp === stamp) return false;
    // Changed again since (by another program, or saved again): news, and no longer ours.
    w.ownWrites.delete(repoPath);
    return true;
  }
}

/** What identifies a file's content without reading it (as git's index does); '-' when absent. */
async function stampOf(path: string): Promise<string> {
  let st: Stats;
  try {
    st = await lstat(path);
  } catch {
    return '-';
  }
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
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
