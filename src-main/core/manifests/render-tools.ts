import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

export type RenderKind = 'kustomize' | 'helm';

export interface RenderResult {
  output?: string;
  /** Why the folder could not be rendered, phrased for the user. */
  error?: string;
}

const TIMEOUT_MS = 60_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

/** Finds a program on the PATH given to the core (not necessarily this process's PATH). */
export async function findProgram(name: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    // A relative entry ('.') would find a program shipped inside the repository being rendered.
    if (!dir || !isAbsolute(dir)) continue;
    for (const ext of exts) {
      const candidate = join(dir, name + ext);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return null;
}

/** The tools' own lookups (plugins, kubectl) get the same PATH without relative entries. */
function withAbsolutePath(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.PATH === undefined) return env;
  const PATH = env.PATH.split(delimiter)
    .filter((dir) => dir !== '' && isAbsolute(dir))
    .join(delimiter);
  return { ...env, PATH };
}

/** Runs a renderer; `error` holds the first lines of what it printed when it failed. */
export function runTool(program: string, args: string[], env: NodeJS.ProcessEnv): Promise<RenderResult> {
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      { env: withAbsolutePath(env), timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (!err) return resolve({ output: stdout });
        const detail = (stderr || err.message).trim().split('\n').slice(0, 10).join('\n');
        resolve({ error: detail });
      },
    );
  });
}

/** `kustomize build`, else `kubectl kustomize`; says which programs were missing otherwise. */
export async function renderKustomize(dir: string, env: NodeJS.ProcessEnv): Promise<RenderResult> {
  const kustomize = await findProgram('kustomize', env);
  if (kustomize) {
    const r = await runTool(kustomize, ['build', dir], env);
    return r.error ? { error: `kustomize build failed: ${r.error}` } : r;
  }
  const kubectl = await findProgram('kubectl', env);
  if (kubectl) {
    const r = await runTool(kubectl, ['kustomize', dir], env);
    return r.error ? { error: `kubectl kustomize failed: ${r.error}` } : r;
  }
  return {
    error:
      'This folder has a kustomization file, but neither "kustomize" nor "kubectl" is on the PATH. Install one of them to render it.',
  };
}

/** `helm template <release> <dir> <args...>`; `args` carry namespace, values and capabilities. */
export async function renderHelm(
  dir: string,
  releaseName: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<RenderResult> {
  const helm = await findProgram('helm', env);
  if (!helm)
    return {
      error:
        'This folder is a Helm chart (Chart.yaml), but "helm" is not on the PATH. Install Helm to render it.',
    };
  const r = await runTool(helm, ['template', releaseName, dir, ...args], env);
  return r.error ? { error: `helm template failed: ${r.error}` } : r;
}
