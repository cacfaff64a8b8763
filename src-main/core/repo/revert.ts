import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ApiFailure } from '../../../src-shared/errors';
import type { GitIdentity } from '../../../src-shared/model';
import { writeFileAtomic } from './atomic-write';
import { commitPaths } from './commit';
import { diffTrees, entryAt, readCommitOrFail } from './history';
import { headOid, readBlobAt } from './repo-files';
import { dirtyTrackedPaths, untrackedPaths } from './status';
import type { GitRepo } from './git-repo';

export interface RevertConflict {
  path: string;
  reason: 'changed-later' | 'uncommitted';
}

/**
 * git has a revert; isomorphic-git does not. This one is deliberately strict: every path the
 * commit changed goes back to the parent's content, but only if neither a later commit nor the
 * working copy touched that path; otherwise nothing is changed and the conflicts are reported.
 */
export async function revertCommit(
  repo: GitRepo,
  oid: string,
  author: GitIdentity,
  describe: (repoPath: string) => string,
): Promise<string> {
  // Taken before the working copy is touched: if git is busy, nothing is changed at all.
  await repo.fs.holdIndexLock();
  try {
    return await revertHeld(repo, oid, author, describe);
  } finally {
    await repo.fs.releaseIndexLock();
  }
}

async function revertHeld(
  repo: GitRepo,
  oid: string,
  author: GitIdentity,
  describe: (repoPath: string) => string,
): Promise<string> {
  const target = await readCommitOrFail(repo, oid);
  if (target.commit.parent.length > 1) {
    throw new ApiFailure(
      'unsupported',
      `Commit ${oid.slice(0, 7)} is a merge; reverting merges is not supported. Revert it with "git revert -m 1 ${oid.slice(0, 7)}" on the command line.`,
    );
  }
  const head = await headOid(repo);
  if (!head) throw new ApiFailure('not-found', 'The repository has no commits yet.');
  const parent = target.commit.parent[0] ?? null;
  const parentTree = parent ? (await readCommitOrFail(repo, parent)).commit.tree : null;
  const headTree = (await readCommitOrFail(repo, head)).commit.tree;
  const changed = (await diffTrees(repo, parent, oid)).map((c) => c.path);
  if (changed.length === 0)
    throw new ApiFailure(
      'invalid',
      `Commit ${oid.slice(0, 7)} changed no files; there is nothing to revert.`,
    );

  const dirty = new Set([...(await dirtyTrackedPaths(repo)), ...(await untrackedPaths(repo))]);
  const conflicts: RevertConflict[] = [];
  for (const path of changed) {
    if ((await entryAt(repo, headTree, path)) !== (await entryAt(repo, target.commit.tree, path)))
      conflicts.push({ path, reason: 'changed-later' });
    else if (dirty.has(path)) conflicts.push({ path, reason: 'uncommitted' });
  }
  if (conflicts.length > 0) {
    const list = conflicts.map(
      (c) =>
        `${describe(c.path)} (${c.reason === 'uncommitted' ? 'uncommitted changes' : 'changed by a later commit'})`,
    );
    throw new ApiFailure(
      'conflict',
      `Cannot revert ${oid.slice(0, 7)} automatically: ${list.join(', ')}. Nothing was changed. Commit or discard local edits, or revert by hand.`,
      conflicts.map((c) => ({ ...c, path: describe(c.path) })),
    );
  }

  for (const path of changed) {
    const abs = join(repo.dir, ...path.split('/'));
    const content = parentTree ? await readBlobAt(repo, parent!, path) : null;
    if (content) {
      await mkdir(dirname(abs), { recursive: true });
      await writeFileAtomic(abs, content);
    } else {
      await rm(abs, { force: true });
    }
  }
  const subject = target.commit.message.split('\n')[0] ?? '';
  const message = `Revert "${subject}"\n\nThis reverts commit ${oid}.\n`;
  return commitPaths(repo, changed, message, author);
}
