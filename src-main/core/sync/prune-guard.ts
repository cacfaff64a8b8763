import type { ManifestProblem, PrunePolicy, ResourceKey, SourceRef } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import type { ExtraneousResource } from '../compare/app-comparer';

/** An object that looks removed from git, kept because the file that defined it cannot be read. */
export interface GuardedResource extends ExtraneousResource {
  problem: ManifestProblem;
  reason: string;
  /** Where it was last defined, when known: the file (line from the problem). */
  source?: SourceRef;
}

export function problemAt(p: ManifestProblem): string {
  return `${p.file || '(app)'}${p.line ? `:${p.line}` : ''}`;
}

/** Whether a problem concerns this file, or the rendered folder it belongs to. */
function concerns(p: ManifestProblem, file: string): boolean {
  if (!p.file) return true;
  return p.file === file || file.startsWith(`${p.file}/`) || p.file.startsWith(`${file}/`);
}

/**
 * Desired objects the cluster cannot place (a kind it does not serve, as after a typo such as
 * `kind: Deploymnet`), as problems of their files: the object they used to be would otherwise
 * look removed from git and be pruned.
 */
export function unresolvedProblems(
  compared: readonly { resolveError?: string; source: SourceRef }[],
): ManifestProblem[] {
  return compared.flatMap((c) =>
    c.resolveError
      ? [
          {
            file: c.source.file,
            docIndex: c.source.docIndex,
            line: c.source.startLine,
            message: c.resolveError,
          },
        ]
      : [],
  );
}

/**
 * Splits objects that look removed from git into truly removed ones and ones whose source has a
 * manifest problem. `lastFile` maps ids to the file each was last applied from. Without that
 * knowledge and with any problem present, the object is kept: a typo must never read as a removal.
 */
export function guardExtraneous(
  extraneous: ExtraneousResource[],
  problems: ManifestProblem[],
  lastFile: ReadonlyMap<string, string | undefined>,
): { extraneous: ExtraneousResource[]; guarded: GuardedResource[] } {
  if (problems.length === 0) return { extraneous, guarded: [] };
  const kept: ExtraneousResource[] = [];
  const guarded: GuardedResource[] = [];
  for (const e of extraneous) {
    const file = lastFile.get(e.id);
    const problem = file === undefined ? problems[0]! : problems.find((p) => concerns(p, file));
    if (!problem) {
      kept.push(e);
      continue;
    }
    const where = problemAt(problem);
    const reason =
      file === undefined
        ? `Manifest problem at ${where}: cannot tell whether ${describeKey(e.key)} was removed from git, so it is kept (never pruned) until the problem is fixed`
        : `Manifest problem at ${where}: ${problem.message} (kept as last synced, never pruned while the file has a problem)`;
    guarded.push({
      ...e,
      problem,
      reason,
      ...(file !== undefined
        ? {
            source: {
              file,
              docIndex: problem.docIndex ?? 0,
              startLine: problem.line ?? 1,
              endLine: problem.line ?? 1,
            },
          }
        : {}),
    });
  }
  return { extraneous: kept, guarded };
}

const isFoundationKind = (k: ResourceKey) =>
  (k.group === '' && k.kind === 'Namespace') ||
  (k.group === 'apiextensions.k8s.io' && k.kind === 'CustomResourceDefinition');

/**
 * Whether a prune may run, and what it needs first. Refused for the whole app while the manifests
 * have problems; a prune of more than a quarter of the app's objects, or of a Namespace (everything
 * in it goes too) or a CRD (every custom resource of it goes too) needs the app's name typed.
 */
export function prunePolicy(input: {
  prune: boolean;
  problems: ManifestProblem[];
  candidates: ResourceKey[];
  total: number;
  appName: string;
}): PrunePolicy {
  const { problems, candidates } = input;
  if (problems.length > 0) {
    const list = problems
      .slice(0, 3)
      .map((p) => `${problemAt(p)} (${p.message})`)
      .join('; ');
    const more = problems.length > 3 ? ` and ${problems.length - 3} more` : '';
    return {
      blocked: `Prune is off while the manifests have problems: ${list}${more}. An object of a broken file would look removed. Fix the files and commit; the other resources can still be applied.`,
    };
  }
  if (!input.prune || candidates.length === 0) return {};
  const foundations = candidates.filter(isFoundationKind);
  if (foundations.length > 0) {
    return {
      confirm: {
        phrase: input.appName,
        reason: `This prune deletes ${foundations.map(describeKey).join(', ')}: everything in it goes too.`,
      },
    };
  }
  if (candidates.length * 4 > input.total) {
    return {
      confirm: {
        phrase: input.appName,
        reason: `This prune deletes ${candidates.length} of the app's ${input.total} objects.`,
      },
    };
  }
  return {};
}

/** Whether what the user typed allows the prune that `policy` describes. */
export function pruneConfirmed(policy: PrunePolicy, typed: string | undefined): boolean {
  return !policy.confirm || (typed ?? '').trim() === policy.confirm.phrase;
}
