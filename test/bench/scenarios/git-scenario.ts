import { join } from 'node:path';
import { generateRepo } from '../generate-repo';
import { openApp } from '../ours/ours-core';
import { gitAddCommit, gitStatus } from '../peers/git-cli';
import type { Row } from '../results';
import { Series, timed, type BenchContext } from './bench-context';

export interface GitRows {
  status: Row;
  commit: Row;
}

/**
 * Status and commit of one edited file in a repository of `n` files and `n` commits, ours
 * (`repo.status`, `repo.commit`) against `git status` and `git add && git commit`. Ours and git take
 * turns on the same repository, each on its own edit.
 */
export async function gitScenario(ctx: BenchContext, n: number): Promise<GitRows> {
  const repo = await generateRepo({
    dir: join(ctx.workDir, `git-${n}`),
    resources: n,
    commits: n,
    layout: 'one-per-file',
  });
  ctx.log(`git: repository of ${repo.files.length} files and ${n} commits ready`);
  const o = await openApp(ctx.cluster, `git-${n}`, repo.dir, 'default');
  const status = { ours: new Series(), peer: new Series() };
  const commit = { ours: new Series(), peer: new Series() };
  try {
    for (let run = 0; run < ctx.runs; run++) {
      // One resource per file in this layout, so each edit dirties exactly one file.
      const [oursFile] = await repo.edit([1 + ((2 * run) % (n - 1 || 1))]);
      await status.ours.add(() =>
        timed(async () => {
          const { changes } = await o.core.api.call('repo.status', { appId: o.app.id });
          if (!changes.some((c) => c.path === oursFile))
            throw new Error(`repo.status did not list ${oursFile}`);
        }),
      );
      await commit.ours.add(() =>
        timed(() =>
          o.core.api.call('repo.commit', {
            appId: o.app.id,
            paths: [oursFile!],
            message: `Edit ${oursFile}`,
          }),
        ),
      );

      const [gitFile] = await repo.edit([1 + ((2 * run + 1) % (n - 1 || 1))]);
      await status.peer.add(() => gitStatus(repo.dir));
      await commit.peer.add(() => gitAddCommit(repo.dir, gitFile!, `Edit ${gitFile}`));
    }
  } finally {
    await o.close();
  }
  return {
    status: { n, ours: status.ours.result(), peer: status.peer.result() },
    commit: { n, ours: commit.ours.result(), peer: commit.peer.result() },
  };
}
