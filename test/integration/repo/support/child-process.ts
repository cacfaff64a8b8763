import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Bundles commit-child.ts into one file in `outDir`, run with this Node: the child starts in
 * a fraction of a second and needs no TypeScript loader, so a kill lands inside the commit.
 */
export async function bundleCommitChild(outDir: string): Promise<string> {
  const outfile = join(outDir, 'commit-child.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'commit-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
    // CommonJS dependencies require Node built-ins; an ES module bundle needs a require for them.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  return outfile;
}

export interface CommitChild {
  child: ChildProcess;
  /** Resolves once the child is about to commit. */
  started: Promise<void>;
  /** Everything the child printed, and its exit (signal for a killed child). */
  done: Promise<{ out: string; code: number | null; signal: NodeJS.Signals | null }>;
}

export function runCommitChild(
  script: string,
  args: { dir: string; pathsFile: string; message: string; env: NodeJS.ProcessEnv },
): CommitChild {
  const child = spawn(process.execPath, [script, args.dir, args.pathsFile, args.message], {
    env: args.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('started\n')) markStarted();
  });
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const done = new Promise<{ out: string; code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      markStarted();
      resolve({ out, code, signal });
    }),
  );
  return { child, started, done };
}
