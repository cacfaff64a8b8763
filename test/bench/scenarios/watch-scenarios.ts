import type { AppState } from '../../../src-shared/model';
import type { GeneratedRepo } from '../generate-repo';
import { nextState, type OursApp } from '../ours/ours-core';
import { kubectlPatch } from '../peers/kubectl';
import type { BenchResource } from '../render-resource';
import type { Row } from '../results';
import { Series, type BenchContext } from './bench-context';

const waitMs = 30_000;

/**
 * Resources Synced in `state`, each in a different file, ConfigMaps whose name ends in `suffix`
 * first (then any kind but the CRD, for small apps), for one edit per run.
 */
function syncedPicks(repo: GeneratedRepo, state: AppState, ns: string, suffix: string): BenchResource[] {
  const synced = new Set(state.resources.filter((r) => r.sync === 'Synced').map((r) => r.id));
  const seen = new Set<string>();
  const preferred = (r: BenchResource) => (r.kindName === 'configMap' && r.name.endsWith(suffix) ? 0 : 1);
  const ordered = [...repo.resources]
    .filter((r) => r.kindName !== 'crd')
    .sort((a, b) => preferred(a) - preferred(b));
  return ordered.filter((r) => {
    if (seen.has(r.file) || !synced.has(repo.idOf(r, ns))) return false;
    seen.add(r.file);
    return true;
  });
}

/**
 * A file saved through the app (`repo.writeFile`) until `state.changed` for the working copy shows
 * its resources out of sync: the watcher, the manifest reload and the re-comparison together.
 */
export async function incrementalScenario(
  ctx: BenchContext,
  repo: GeneratedRepo,
  n: number,
  o: OursApp | undefined,
  ns: string,
): Promise<Row> {
  const ours = new Series();
  const watcher = new Series();
  if (!o) return { n, ours: { median: null, runs: [], error: 'no synced app (the sync scenario failed)' } };
  // Looking at the working copy once is what makes the core keep it current, as the editor does.
  const primed = await o.core.api
    .call('state.get', { appId: o.app.id, compareWith: 'worktree' })
    .catch(() => undefined);
  const picks = primed ? syncedPicks(repo, primed, ns, '-config') : [];
  for (let run = 0; run < ctx.runs; run++) {
    await ours.add(async () => {
      // A different file each run, so each save changes a resource that is still Synced.
      const r = picks[run];
      if (!r)
        throw new Error(
          primed ? 'no Synced resource left in an unedited file' : 'state.get (worktree) failed',
        );
      const [edit] = repo.prepareEdit([r.index]);
      const id = repo.idOf(r, ns);
      const seen = nextState(
        o,
        'worktree',
        (s) => s.resources.some((x) => x.id === id && x.sync === 'OutOfSync'),
        waitMs,
      );
      let noticed = 0;
      const off = o.core.api.on('repo.changed', (e) => {
        if (e.appId === o.app.id && e.paths.includes(edit!.file)) noticed ||= performance.now();
      });
      const started = performance.now();
      try {
        await o.core.api.call('repo.writeFile', {
          appId: o.app.id,
          path: edit!.file,
          content: edit!.content,
        });
        await seen;
      } finally {
        off();
      }
      const ms = performance.now() - started;
      if (noticed) await watcher.add(async () => noticed - started);
      return ms;
    });
  }
  const w = watcher.result().median;
  return {
    n,
    ours: ours.result(),
    ...(w !== null
      ? {
          note: `incremental: repo.changed (the file watcher) after ${Math.round(w)} ms, the rest is reload and re-comparison`,
        }
      : {}),
  };
}

/**
 * An outside change (`kubectl patch` of a field git sets) until `state.changed` reports the
 * resource OutOfSync, timed from the moment kubectl returned, i.e. the change was stored.
 */
export async function driftScenario(
  ctx: BenchContext,
  repo: GeneratedRepo,
  n: number,
  o: OursApp | undefined,
  ns: string,
): Promise<Row> {
  const ours = new Series();
  if (!o) return { n, ours: { median: null, runs: [], error: 'no synced app (the sync scenario failed)' } };
  const head = await o.core.api
    .call('state.get', { appId: o.app.id, compareWith: 'HEAD' })
    .catch(() => undefined);
  const picks = head ? syncedPicks(repo, head, ns, '-env').filter((r) => r.kindName === 'configMap') : [];
  for (let run = 0; run < ctx.runs; run++) {
    await ours.add(async () => {
      // Each run puts the value back, so small apps can patch the same ConfigMap again.
      const r = picks[run % Math.max(1, picks.length)];
      if (!r) throw new Error(head ? 'no Synced ConfigMap to patch' : 'state.get (HEAD) failed');
      const id = repo.idOf(r, ns);
      let reportedAt = 0;
      const seen = nextState(
        o,
        'HEAD',
        (s) => s.resources.some((x) => x.id === id && x.sync === 'OutOfSync'),
        waitMs,
      ).then(() => (reportedAt = performance.now()));
      await kubectlPatch(
        ctx.kubectl,
        ns,
        `configmap/${r.name}`,
        JSON.stringify({ data: { LOG_LEVEL: `debug-${run}` } }),
      );
      const patchedAt = performance.now();
      await seen;
      // Put the value git holds back, so the next run starts from Synced.
      const healed = nextState(
        o,
        'HEAD',
        (s) => s.resources.some((x) => x.id === id && x.sync === 'Synced'),
        waitMs,
      );
      await kubectlPatch(
        ctx.kubectl,
        ns,
        `configmap/${r.name}`,
        JSON.stringify({ data: { LOG_LEVEL: 'info' } }),
      );
      await healed;
      return Math.max(0, reportedAt - patchedAt);
    });
  }
  return { n, ours: ours.result() };
}
