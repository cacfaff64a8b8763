import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiFailure } from '../../../src-shared/errors';
import type { GitIdentity } from '../../../src-shared/model';
import { encodeIndex, readIndex } from './git-index';
import { readTyped } from './git-objects';
import { writeLooseObjects } from './loose-objects';
import { headOid } from './repo-files';
import type { GitRepo } from './git-repo';
import { commitObject, commitTree, EMPTY_TREE, Trees, type TreeLeaf } from './commit-objects';
import { Selection, stagedUnder } from './index-selection';
import { stageInMemory, stageWithIsomorphicGit } from './stage-paths';

/** The file HEAD's branch lives in (refs/heads/<name>), or HEAD itself when detached. */
async function headRefFile(repo: GitRepo): Promise<string> {
  const head = (await readFile(join(repo.gitdir, 'HEAD'), 'utf8')).trim();
  if (!head.startsWith('ref:')) return join(repo.gitdir, 'HEAD');
  const ref = head.slice(4).trim();
  const parts = ref.split('/');
  if (parts[0] !== 'refs' || parts.some((p) => !p || p === '.' || p === '..' || /[\0\\:]/.test(p)))
    throw new ApiFailure('invalid', `HEAD points at "${ref}", which is not a branch this can commit to.`);
  return join(repo.gitdir, ...parts);
}

/**
 * Commits exactly the given repository paths, like `git commit -- <paths>`: each is staged (added,
 * or removed when gone from the working copy) and the new tree is HEAD's tree with only those
 * paths replaced, so anything else staged meanwhile stays staged and out of this commit.
 *
 * git's index.lock is taken first, so nothing is written while another git process works. The
 * index, the new blobs, trees and the commit are worked out in memory; then the objects are
 * stored durably (writeLooseObjects), then the index is replaced, and last the branch moves: a
 * crash before that leaves HEAD where it was, with every object it may reach intact, and at worst
 * the files staged.
 */
export async function commitPaths(
  repo: GitRepo,
  paths: string[],
  message: string,
  author: GitIdentity,
): Promise<string> {
  const indexPath = join(repo.gitdir, 'index');
  await repo.fs.holdIndexLock();
  try {
    const selection = new Selection(paths);
    const head = await headOid(repo);
    const headTree = head ? commitTree(await readTyped(repo, head, 'commit')) : null;
    const before = (await readIndex(indexPath, true)) ?? [];
    let staged = await stageInMemory(repo, selection, before, headTree);
    if (!staged) {
      await stageWithIsomorphicGit(repo, selection, headTree);
      staged = { entries: (await readIndex(indexPath, true)) ?? [], blobs: [], changed: false };
    }
    const unmerged = staged.entries.find((e) => e.stage !== 0);
    if (unmerged)
      throw new ApiFailure(
        'conflict',
        `"${unmerged.path}" has an unresolved merge conflict. Resolve it with the git command line, then commit again.`,
      );

    const changes = new Map<string, Map<string, TreeLeaf>>(selection.paths.map((p) => [p, new Map()]));
    for (const [p, leaf] of stagedUnder(staged.entries, selection)) {
      const by = selection.covering(p)!;
      changes.get(by)!.set(p === by ? '' : p.slice(by.length + 1), leaf);
    }
    const trees = new Trees(repo);
    const tree = (await trees.rebuild(headTree, changes)) ?? trees.store([]);
    const nothing = (headTree ?? (head ? null : EMPTY_TREE)) === tree;
    const commit = nothing ? null : commitObject(tree, head ? [head] : [], author, message);
    const refFile = commit ? await headRefFile(repo) : null;
    // Every file's content is written and synced at once: the new objects, the index (into
    // index.lock) and the branch (into its lock). Then they take their places in order: the
    // objects (their folders synced), the index, and last the branch, the commit point.
    const prepared = await Promise.allSettled([
      writeLooseObjects(repo, [...staged.blobs, ...(commit ? [...trees.objects, commit] : [])]),
      staged.changed ? repo.fs.prepareLockedWrite(indexPath, encodeIndex(staged.entries)) : null,
      commit && refFile ? repo.fs.prepareLockedWrite(refFile, `${commit.oid}\n`) : null,
    ]);
    const [, indexWrite, refWrite] = prepared.map((p) => (p.status === 'fulfilled' ? p.value : null));
    try {
      const failed = prepared.find((p) => p.status === 'rejected');
      if (failed) throw failed.reason;
      await indexWrite?.commit();
      if (!commit || !refWrite)
        throw new ApiFailure(
          'invalid',
          'Nothing to commit: the selected files have no changes against HEAD.',
        );
      await refWrite.commit();
      return commit.oid;
    } catch (err) {
      await refWrite?.abort();
      throw err;
    }
  } finally {
    await repo.fs.releaseIndexLock();
  }
}
