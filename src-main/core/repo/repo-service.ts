import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import type {
  AppSettings,
  CommitFileChange,
  CommitPage,
  FileChange,
  FileEntry,
  RepoInfo,
  RemoteTracking,
} from '../../../src-shared/model';
import { writeFileAtomic } from './atomic-write';
import { listBranches, switchBranch } from './branches';
import { commitPaths } from './commit';
import { checkRelativePath, resolveConfined } from './confined-paths';
import { repoOf, toAppPath, type GitRepo } from './git-repo';
import { commitChanges, logPage, readCommitOrFail } from './history';
import { requireIdentity, resolveIdentity } from './identity';
import { fetchRemote, pullFastForward, pushBranch, type Credentials } from './remote-sync';
import { remoteHead, remoteTracking, type RemoteHead } from './remote-tracking';
import { headOid, listWorktree, readBlobAt } from './repo-files';
import { assertSupported } from './repo-location';
import { RepoWatcher, type RepoChangeListener } from './repo-watcher';
import { revertCommit } from './revert';
import type { SecretStore } from './secret-store';
import { cleanGitdir } from './stale-files';
import { appStatus } from './status';
import { TreeCache } from './fast-status';
import { StatusCache } from './status-cache';

export interface RepoServiceDeps {
  /** HOME / XDG_CONFIG_HOME locate the global git config. */
  env: NodeJS.ProcessEnv;
  secrets: SecretStore;
}

const MAX_READ_BYTES = 20 * 1024 * 1024;
const decoder = new TextDecoder('utf-8');

/** The git working copy of each app: files confined to the repository, history, commits, remotes. */
export class RepoService {
  private readonly listeners = new Set<RepoChangeListener>();
  private readonly watcher: RepoWatcher;
  private tracked = new Set<string>();
  /** Per repository, the one clean-up of what a killed earlier run left in .git. */
  private readonly cleaned = new Map<string, Promise<void>>();
  /**
   * isomorphic-git's cache per repository, kept while the set of packfiles stays the same: a
   * packfile is named by its content, so what was read from it stays true, and re-reading a large
   * pack for every status and commit is most of their cost. A repack starts a fresh cache.
   */
  private readonly gitCaches = new Map<string, { packs: string; cache: object }>();
  /** HEAD trees already read, by oid (shared by every app: an oid names its content). */
  private readonly trees = new TreeCache();
  /** Edited files' hashes, folder listings and the parsed index, each checked before reuse. */
  private readonly statusCache = new StatusCache();

  constructor(private readonly deps: RepoServiceDeps) {
    this.watcher = new RepoWatcher((appId, paths, headChanged) => {
      for (const listener of [...this.listeners]) {
        try {
          listener(appId, paths, headChanged);
        } catch {
          // One failing subscriber must not starve the others.
        }
      }
    });
  }

  /** Called for every change in a watched working copy, including those made outside the app. */
  onRepoChanged(listener: RepoChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Keeps one watch per registered app and forgets the tokens of removed apps; call with the full
   * list whenever it changes.
   */
  async trackApps(apps: AppSettings[]): Promise<void> {
    const ids = new Set(apps.map((a) => a.id));
    for (const id of this.tracked) {
      if (!ids.has(id)) await this.forgetToken(id);
    }
    this.tracked = ids;
    await this.watcher.syncWith(apps);
  }

  dispose(): void {
    this.watcher.dispose();
    this.listeners.clear();
  }

  private async open(app: AppSettings): Promise<GitRepo> {
    try {
      await assertSupported(app.repoPath);
    } catch (err) {
      if (err instanceof ApiFailure) throw err;
      throw new ApiFailure(
        'not-a-repository',
        `The repository of "${app.name}" is gone from ${app.repoPath}. Restore it or remove the app.`,
      );
    }
    const repo = repoOf(app, await this.gitCache(app.repoPath));
    let cleaning = this.cleaned.get(app.repoPath);
    if (!cleaning) {
      cleaning = cleanGitdir(repo.gitdir).catch(() => undefined);
      this.cleaned.set(app.repoPath, cleaning);
    }
    await cleaning;
    return repo;
  }

  private async gitCache(repoPath: string): Promise<object> {
    let packs = '';
    try {
      packs = (await readdir(join(repoPath, '.git', 'objects', 'pack'))).sort().join('\n');
    } catch {
      // No packs yet.
    }
    const known = this.gitCaches.get(repoPath);
    if (known && known.packs === packs) return known.cache;
    const cache = {};
    this.gitCaches.set(repoPath, { packs, cache });
    return cache;
  }

  async headOid(app: AppSettings): Promise<string | null> {
    return headOid(await this.open(app));
  }

  async info(app: AppSettings): Promise<RepoInfo> {
    const repo = await this.open(app);
    const head = await headOid(repo);
    const { current } = await listBranches(repo);
    const remotes = (await git.listRemotes({ fs: repo.fs, dir: repo.dir, gitdir: repo.gitdir })).map(
      (r) => r.remote,
    );
    const identity = await resolveIdentity(repo, app, this.deps.env);
    const info: RepoInfo = {
      branch: current,
      head,
      remotes,
      identity: identity?.identity ?? null,
      identitySource: identity?.source ?? null,
    };
    if (head) info.headMessage = (await readCommitOrFail(repo, head)).commit.message.split('\n')[0] ?? '';
    return info;
  }

  async status(app: AppSettings): Promise<FileChange[]> {
    return appStatus(await this.open(app), app, this.trees, this.statusCache);
  }

  async listFiles(app: AppSettings): Promise<FileEntry[]> {
    const files = await listWorktree(await this.open(app), app.appPath);
    return files.flatMap((f) => {
      const path = toAppPath(app, f.path);
      return path ? [{ path, type: f.type }] : [];
    });
  }

  async readFile(app: AppSettings, path: string): Promise<string> {
    await this.open(app);
    const { absolute } = await resolveConfined(app, path);
    let size: number;
    try {
      const s = await stat(absolute);
      if (!s.isFile()) throw new ApiFailure('invalid', `"${path}" is a folder, not a file.`);
      size = s.size;
    } catch (err) {
      if (err instanceof ApiFailure) throw err;
      throw new ApiFailure('not-found', `"${path}" does not exist in the working copy.`);
    }
    if (size > MAX_READ_BYTES)
      throw new ApiFailure(
        'invalid',
        `"${path}" is ${Math.round(size / 1048576)} MB; files over 20 MB are not opened. Edit it with another tool.`,
      );
    return readFile(absolute, 'utf8');
  }

  async writeFile(app: AppSettings, path: string, content: string): Promise<void> {
    await this.open(app);
    const { absolute, resolvedRepoPath } = await resolveConfined(app, path);
    await this.watcher.saving(app.repoPath, resolvedRepoPath, () => writeFileAtomic(absolute, content));
  }

  async deleteFile(app: AppSettings, path: string): Promise<void> {
    await this.open(app);
    const { absolute, resolvedRepoPath } = await resolveConfined(app, path);
    try {
      if (!(await stat(absolute)).isFile())
        throw new ApiFailure('invalid', `"${path}" is a folder; only files can be deleted here.`);
    } catch (err) {
      if (err instanceof ApiFailure) throw err;
      throw new ApiFailure('not-found', `"${path}" does not exist in the working copy.`);
    }
    await this.watcher.saving(app.repoPath, resolvedRepoPath, () => rm(absolute));
  }

  async commit(app: AppSettings, paths: string[], message: string): Promise<string> {
    const repo = await this.open(app);
    const repoPaths = [...new Set(paths.map((p) => checkRelativePath(app, p)))];
    for (const p of paths) await resolveConfined(app, p);
    const author = await requireIdentity(repo, app, this.deps.env);
    return commitPaths(repo, repoPaths, message, author);
  }

  /** History touching `path` (app-relative), or the app folder when no path is given. */
  async log(app: AppSettings, opts: { path?: string; limit: number; cursor?: string }): Promise<CommitPage> {
    const repo = await this.open(app);
    const filter = opts.path !== undefined ? checkRelativePath(app, opts.path) : app.appPath || undefined;
    return logPage(repo, {
      limit: opts.limit,
      ...(filter !== undefined ? { path: filter } : {}),
      ...(opts.cursor ? { cursor: opts.cursor } : {}),
    });
  }

  /** Files of the app folder the commit changed, relative to the app folder. */
  async commitFiles(app: AppSettings, oid: string): Promise<CommitFileChange[]> {
    const changes = await commitChanges(await this.open(app), oid);
    return changes.flatMap((c) => {
      const path = toAppPath(app, c.path);
      return path ? [{ path, change: c.change }] : [];
    });
  }

  async fileAt(app: AppSettings, path: string, oid: string): Promise<string | null> {
    const repo = await this.open(app);
    await readCommitOrFail(repo, oid);
    const blob = await readBlobAt(repo, oid, checkRelativePath(app, path));
    return blob ? decoder.decode(blob) : null;
  }

  async fileDiff(
    app: AppSettings,
    path: string,
    from: string | null,
    to: string,
  ): Promise<{ before: string | null; after: string | null }> {
    return {
      before: from ? await this.fileAt(app, path, from) : null,
      after: await this.fileAt(app, path, to),
    };
  }

  /** Reverts a commit and commits the result; returns the new commit's oid. */
  async revert(app: AppSettings, oid: string): Promise<string> {
    const repo = await this.open(app);
    const author = await requireIdentity(repo, app, this.deps.env);
    return revertCommit(repo, oid, author, (p) => toAppPath(app, p) ?? p);
  }

  async branches(app: AppSettings): Promise<{ current: string | null; branches: string[] }> {
    return listBranches(await this.open(app));
  }

  async switchBranch(app: AppSettings, branch: string): Promise<void> {
    await switchBranch(await this.open(app), branch);
  }

  async fetch(app: AppSettings, remote?: string): Promise<void> {
    await fetchRemote(await this.open(app), await this.credentials(app), remote);
  }

  async pull(app: AppSettings, remote?: string): Promise<{ head: string; updated: boolean }> {
    return pullFastForward(await this.open(app), await this.credentials(app), remote);
  }

  async push(app: AppSettings, remote?: string): Promise<boolean> {
    return pushBranch(await this.open(app), await this.credentials(app), remote);
  }

  /** Ahead/behind against the remote-tracking branch, as of the last fetch (no network). */
  async tracking(app: AppSettings): Promise<RemoteTracking> {
    return remoteTracking(await this.open(app));
  }

  async remoteHead(app: AppSettings): Promise<RemoteHead> {
    return remoteHead(await this.open(app));
  }

  async setToken(app: AppSettings, token: string, username?: string): Promise<{ persistent: boolean }> {
    const value: Credentials = username ? { username, token } : { token };
    await this.deps.secrets.set(tokenKey(app.id), JSON.stringify(value));
    return { persistent: this.deps.secrets.persistent };
  }

  async forgetToken(appId: string): Promise<void> {
    await this.deps.secrets.delete(tokenKey(appId));
  }

  private async credentials(app: AppSettings): Promise<Credentials | null> {
    const stored = await this.deps.secrets.get(tokenKey(app.id));
    if (!stored) return null;
    try {
      return JSON.parse(stored) as Credentials;
    } catch {
      return null;
    }
  }
}

function tokenKey(appId: string): string {
  return `repo-token:${appId}`;
}
