import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings } from '../../../src-shared/model';
import { writeFileAtomic } from './atomic-write';
import { commitPaths } from './commit';
import { repoOf, toAppPath } from './git-repo';
import { diffTrees, readCommitOrFail } from './history';
import { requireIdentity } from './identity';
import { headOid, readBlobAt } from './repo-files';
import { assertSupported } from './repo-location';
import { dirtyTrackedPaths, untrackedPaths } from './status';

/**
 * "Roll back to this commit" (Argo CD's rollback): the app folder's files become exactly what
 * they were at `oid`, recorded as a new commit on top of HEAD, so history keeps every step and
 * the sync that follows applies that revision's tree. Files outside the app folder are left
 * alone. Refuses, changing nothing, when a file it would touch has uncommitted edits.
 */
export async function restoreRevision(
  app: AppSettings,
  oid: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  await assertSupported(app.repoPath);
  const repo = repoOf(app);
  const target = await readCommitOrFail(repo, oid);
  const head = await headOid(repo);
  if (!head) throw new ApiFailure('not-found', 'The repository has no commits yet.');
  const short = oid.slice(0, 7);
  const changed = (await diffTrees(repo, head, oid))
    .map((c) => c.path)
    .filter((p) => toAppPath(app, p) !== null);
  if (changed.length === 0) {
    throw new ApiFailure(
      'invalid',
      `The app's files at ${short} are the same as at HEAD; there is nothing to roll back.`,
    );
  }
  const dirty = new Set([...(await dirtyTrackedPaths(repo)), ...(await untrackedPaths(repo))]);
  const blocked = changed.filter((p) => dirty.has(p));
  if (blocked.length > 0) {
    throw new ApiFailure(
      'conflict',
      `Cannot roll back to ${short}: ${blocked.map((p) => toAppPath(app, p) ?? p).join(', ')} ${blocked.length > 1 ? 'have' : 'has'} uncommitted changes. Nothing was changed. Commit or discard them first.`,
    );
  }
  const author = await requireIdentity(repo, app, env);
  for (const path of changed) {
    const abs = join(repo.dir, ...path.split('/'));
    const content = await readBlobAt(repo, oid, path);
    if (content) {
      await mkdir(dirname(abs), { recursive: true });
      await writeFileAtomic(abs, content);
    } else {
      await rm(abs, { force: true });
    }
  }
  const subject = target.commit.message.split('\n')[0] ?? '';
  const message = `Roll back to ${short} "${subject}"\n\nRestores ${app.appPath ? `${app.appPath}/` : 'the files'} as of commit ${oid}.\n`;
  return commitPaths(repo, changed, message, author);
}
