import { watch, type FSWatcher } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import type { AppSettings } from '../../../src-shared/model';
import { currentBranch } from './branches';
import { headOid } from './repo-files';
import { gitRepo, toAppPath } from './git-repo';

export type RepoChangeListener = (appId: string, paths: string[], headChanged: boolean) => void;

const DEBOUNCE_MS = 100;
// Our own atomic writes go through ".<name>.<12 hex>.tmp"; git uses "*.lock". Neither is a change.
const TRANSIENT = /(^|\/)\.[^/]*\.[0-9a-f]{12}\.tmp$|\.lock$/;

interface Watch {
  app: AppSettings;
  watchers: Map<string, FSWatcher>;
  pending: Set<string>;
  gitTouched: boolean;
  timer: NodeJS.Timeout | null;
  head: string;
  closed: boolean;
}

/**
 * Notices edits made outside the app (editors, the git CLI) through inotify-style watches, never
 * polling: the working tree recursively except .git, plus .git's HEAD, index, packed-refs and refs.
 * Events are debounced so one `git commit` (many file operations) becomes one notification.
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
      watchers: new Map(),
      pending: new Set(),
      gitTouched: false,
      timer: null,
      head: await headSignature(app),
      closed: false,
    };
    this.watches.set(app.id, w);
    const add = (key: string, path: string, recursive: boolean, onEvent: (name: string) => void) => {
      if (w.closed || w.watchers.has(key)) return;
      try {
        const watcher = watch(path, { recursive, persistent: false }, (_event, name) =>
          onEvent(name ? String(name).split('\\').join('/') : ''),
        );
        watcher.on('error', () => {
          watcher.close();
          w.watchers.delete(key);
        });
        w.watchers.set(key, watcher);
      } catch {
        // A folder that vanished between listing and watching simply is not watched.
      }
    };
    const onGit = (prefix: string) => (name: string) => {
      const path = prefix + name;
      if (path === 'HEAD' || path === 'index' || path === 'packed-refs' || path.startsWith('refs/')) {
        if (!TRANSIENT.test(path)) this.touch(w, null);
      }
    };
    add('.git', repo.gitdir, false, onGit(''));
    add('.git/refs', join(repo.gitdir, 'refs'), true, onGit('refs/'));

    // The working tree: top-level folders recursively (never .git, whose objects churn), and the
    // root itself shallowly so new top-level folders get a watch of their own.
    const watchTop = (name: string) =>
      add(`tree:${name}`, join(repo.dir, name), true, (sub) => this.touch(w, sub ? `${name}/${sub}` : name));
    add('root', repo.dir, false, (name) => {
      if (!name || name === '.git') return;
      this.touch(w, name);
      void isDirectory(repo.dir, name).then((dir) => dir && watchTop(name));
    });
    for (const entry of await readdir(repo.dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== '.git') watchTop(entry.name);
    }
  }

  unwatch(appId: string): void {
    const w = this.watches.get(appId);
    if (!w) return;
    w.closed = true;
    if (w.timer) clearTimeout(w.timer);
    for (const watcher of w.watchers.values()) watcher.close();
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
    if (w.timer) clearTimeout(w.timer);
    w.timer = setTimeout(() => void this.flush(w), DEBOUNCE_MS);
  }

  private async flush(w: Watch): Promise<void> {
    w.timer = null;
    const repoPaths = [...w.pending];
    const gitTouched = w.gitTouched;
    w.pending.clear();
    w.gitTouched = false;
    const repo = gitRepo(w.app.repoPath);
    const head = await headSignature(w.app);
    const headChanged = head !== w.head;
    w.head = head;
    const paths: string[] = [];
    for (const p of repoPaths) {
      const rel = toAppPath(w.app, p);
      if (rel === null || rel === '') continue;
      const ignored = await git
        .isIgnored({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir, filepath: p })
        .catch(() => false);
      if (!ignored) paths.push(rel);
    }
    if (w.closed || (paths.length === 0 && !headChanged && !gitTouched)) return;
    this.listener(w.app.id, paths.sort(), headChanged);
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

async function isDirectory(root: string, name: string): Promise<boolean> {
  try {
    const entries = await readdir(join(root, name));
    return Array.isArray(entries);
  } catch {
    return false;
  }
}
