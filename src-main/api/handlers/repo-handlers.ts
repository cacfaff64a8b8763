import type { AppRegistry } from '../../core/apps/app-registry';
import type { RepoService } from '../../core/repo/repo-service';
import type { HandlersFor } from '../types';

export interface RepoDeps {
  registry: AppRegistry;
  repos: RepoService;
}

export function repoHandlers({ registry, repos }: RepoDeps): HandlersFor<'repo'> {
  const app = (appId: string) => registry.get(appId);
  return {
    'repo.info': async ({ appId }) => repos.info(app(appId)),
    'repo.status': async ({ appId }) => ({ changes: await repos.status(app(appId)) }),
    'repo.listFiles': async ({ appId }) => ({ files: await repos.listFiles(app(appId)) }),
    'repo.readFile': async ({ appId, path }) => ({ content: await repos.readFile(app(appId), path) }),
    'repo.writeFile': async ({ appId, path, content }) => {
      await repos.writeFile(app(appId), path, content);
      return { written: true };
    },
    'repo.deleteFile': async ({ appId, path }) => {
      await repos.deleteFile(app(appId), path);
      return { deleted: true };
    },
    'repo.commit': async ({ appId, paths, message }) => ({
      oid: await repos.commit(app(appId), paths, message),
    }),
    'repo.log': async ({ appId, path, limit, cursor }) =>
      repos.log(app(appId), {
        limit,
        ...(path !== undefined ? { path } : {}),
        ...(cursor ? { cursor } : {}),
      }),
    'repo.commitFiles': async ({ appId, oid }) => ({ files: await repos.commitFiles(app(appId), oid) }),
    'repo.fileDiff': async ({ appId, path, from, to }) => repos.fileDiff(app(appId), path, from, to),
    'repo.fileAt': async ({ appId, path, oid }) => ({ content: await repos.fileAt(app(appId), path, oid) }),
    'repo.revert': async ({ appId, oid }) => ({ oid: await repos.revert(app(appId), oid) }),
    'repo.branches': async ({ appId }) => repos.branches(app(appId)),
    'repo.switchBranch': async ({ appId, branch }) => {
      await repos.switchBranch(app(appId), branch);
      return { branch };
    },
    'repo.fetch': async ({ appId, remote }) => {
      await repos.fetch(app(appId), remote);
      return { fetched: true };
    },
    'repo.pull': async ({ appId, remote }) => repos.pull(app(appId), remote),
    'repo.push': async ({ appId, remote }) => ({ pushed: await repos.push(app(appId), remote) }),
    'repo.setToken': async ({ appId, username, token }) => ({
      stored: true,
      ...(await repos.setToken(app(appId), token, username)),
    }),
  };
}
