import { sample, type GeneratedRepo } from '../generate-repo';
import type { OursApp } from '../ours/ours-core';
import { kubectlDiff } from '../peers/kubectl';
import type { Row } from '../results';
import { Series, timed, type BenchContext } from './bench-context';

/** The resources changed in git for this scenario; later scenarios avoid them. */
export const diffFraction = 0.1;

/**
 * A full comparison while 10% of the resources differ from the cluster (changed and committed in
 * git), ours against `kubectl diff --server-side`. Ours is timed as a hard refresh, which drops the
 * core's connection, discovery and dry-run caches, so it starts as cold as kubectl does; the warm
 * figure (a plain `state.get` right after) goes in the note.
 */
export async function diffScenario(
  ctx: BenchContext,
  repo: GeneratedRepo,
  n: number,
  o: OursApp | undefined,
  kubectlNs: string,
): Promise<Row> {
  const changed = sample(repo, diffFraction);
  const files = await repo.edit(changed);
  await repo.commit(files, `Change ${changed.length} resources`);
  const ours = new Series();
  const warm = new Series();
  const peer = new Series();
  for (let run = 0; run < ctx.runs; run++) {
    await ours.add(async () => {
      if (!o) throw new Error('no synced app (the sync scenario failed)');
      let outOfSync = 0;
      const ms = await timed(async () => {
        const state = await o.core.api.call('state.refresh', {
          appId: o.app.id,
          compareWith: 'HEAD',
          hard: true,
        });
        outOfSync = state.resources.filter((r) => r.sync === 'OutOfSync').length;
      });
      if (outOfSync < changed.length)
        throw new Error(`expected ${changed.length} OutOfSync, state.refresh reported ${outOfSync}`);
      return ms;
    });
    if (o)
      await warm.add(() =>
        timed(() => o.core.api.call('state.get', { appId: o.app.id, compareWith: 'HEAD' })),
      );
    await peer.add(async () => {
      const result = await kubectlDiff(ctx.kubectl, repo.dir, kubectlNs);
      if (result.code !== 1) throw new Error('kubectl diff found no differences');
      return result.ms;
    });
  }
  const w = warm.result().median;
  return {
    n,
    ours: ours.result(),
    peer: peer.result(),
    ...(w !== null ? { note: `diff: warm state.get (caches kept) ${Math.round(w)} ms` } : {}),
  };
}
