import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { renderKustomize, type RenderResult } from './render-tools';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';

/**
 * Renders `dir` with kustomize's origin annotations switched on, without touching the user's files.
 *
 * `kustomize build` has no flag for `buildMetadata`, and copying the folder elsewhere would break
 * its relative references (`../base`). So a throw-away kustomization in a temp folder lists the
 * user's folder as its only resource and asks for origin annotations. The reference is relative
 * (kustomize refuses an absolute resource root: "new root cannot be absolute"). Kustomize
 * loads a resource folder as a root of its own, so the user's load restrictions, namespace,
 * patches and generators behave exactly as in a direct build; the wrapper adds nothing but the
 * annotations, which are read into sources and stripped before anything is applied.
 */
export async function renderKustomizeWithOrigins(
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<RenderResult & { wrapperDir?: string }> {
  const wrapper = await mkdtemp(join(tmpdir(), 'gitops-desktop-kustomize-'));
  try {
    await writeFile(
      join(wrapper, 'kustomization.yaml'),
      [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'buildMetadata: [originAnnotations]',
        'resources:',
        `  - ${JSON.stringify(relative(wrapper, dir).split(sep).join('/'))}`,
        '',
      ].join('\n'),
    );
    const result = await renderKustomize(wrapper, env);
    return { ...result, wrapperDir: wrapper };
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
}

export interface KustomizeOrigin {
  /** Absolute path of the file the object was read from, when it came from a local file. */
  file?: string;
  /** Absolute path of the kustomization that generated it (configMapGenerator / secretGenerator). */
  configuredIn?: string;
  generated: boolean;
}

/**
 * Reads and removes kustomize's origin annotation from a rendered object (in place), so what is
 * applied is exactly what a plain `kustomize build` gives. Paths in the annotation are relative to
 * the root the build ran in (`wrapperDir`).
 */
export function takeOrigin(body: Record<string, unknown>, wrapperDir: string): KustomizeOrigin | null {
  const metadata = body.metadata as Record<string, unknown> | undefined;
  const annotations = metadata?.annotations as Record<string, unknown> | undefined;
  const raw = annotations?.[ORIGIN_ANNOTATION];
  if (!annotations || raw === undefined) return null;
  delete annotations[ORIGIN_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete metadata!.annotations;
  if (typeof raw !== 'string') return null;
  let origin: unknown;
  try {
    origin = parse(raw);
  } catch {
    return null;
  }
  if (typeof origin !== 'object' || origin === null) return null;
  const o = origin as Record<string, unknown>;
  // Remote bases (repo: ...) have no file in this repository.
  if (typeof o.repo === 'string') return { generated: false };
  const configuredBy = o.configuredBy as Record<string, unknown> | undefined;
  const generated = typeof configuredBy?.kind === 'string' && /Generator$/.test(configuredBy.kind);
  return {
    ...(typeof o.path === 'string' ? { file: resolve(wrapperDir, o.path) } : {}),
    ...(typeof o.configuredIn === 'string' ? { configuredIn: resolve(wrapperDir, o.configuredIn) } : {}),
    generated,
  };
}

/** An absolute path as a repository-relative POSIX path, or null when it lies outside `repoDir`. */
export function repoRelative(repoDir: string, abs: string): string | null {
  const rel = relative(repoDir, abs);
  if (!rel || rel.startsWith('..') || resolve(repoDir, rel) !== abs) return null;
  return rel.split(sep).join('/');
}
