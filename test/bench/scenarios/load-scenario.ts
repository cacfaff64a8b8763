import type { GeneratedRepo } from '../generate-repo';
import { openApp, startCore } from '../ours/ours-core';
import type { Row } from '../results';
import { Series, type BenchContext } from './bench-context';

/**
 * Opening the app in a freshly started core, as at application start: `apps.add`, then the first
 * full comparison (`state.get`: desired, live, status and health of every resource) against the
 * namespace the sync scenario filled.
 */
export async function loadScenario(
  ctx: BenchContext,
  repo: GeneratedRepo,
  n: number,
  namespace: string,
): Promise<Row> {
  const ours = new Series();
  for (let run = 0; run < ctx.runs; run++) {
    const core = await startCore(ctx.cluster);
    try {
      await ours.add(async () => {
        const started = performance.now();
        const o = await openApp(ctx.cluster, `load-${n}-${run}`, repo.dir, namespace, core);
        const state = await o.core.api.call('state.get', { appId: o.app.id, compareWith: 'HEAD' });
        const ms = performance.now() - started;
        const unknown = state.resources.filter((r) => r.sync === 'Unknown').length;
        if (state.resources.length < n || unknown > 0)
          throw new Error(
            `state.get: ${state.resources.length} resources, ${unknown} Unknown (${state.connection.status})`,
          );
        return ms;
      });
    } finally {
      await core.close();
    }
  }
  return { n, ours: ours.result() };
}
