import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  ms: number;
}

export interface CommandOptions {
  cwd?: string;
  input?: string;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are not failures (kubectl diff exits 1 when it finds differences). */
  okCodes?: readonly number[];
  timeoutMs?: number;
}

/** Runs a program to completion; rejects on a non-ok exit code with its stderr. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const okCodes = options.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 600_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = {
        code: code ?? -1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        ms: performance.now() - started,
      };
      if (okCodes.includes(result.code)) resolve(result);
      else
        reject(
          new Error(
            `${file} ${args.slice(0, 4).join(' ')} exited ${result.code}: ${result.stderr.trim().slice(0, 2000)}`,
          ),
        );
    });
    // A program that exits early closes its stdin; its exit code tells the story, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

type GitArg = string | { input: string };

/** `git -C dir ...args`; a trailing `{ input }` is fed to stdin. */
export function git(dir: string, ...args: GitArg[]): Promise<CommandResult> {
  const last = args[args.length - 1];
  const input = typeof last === 'object' ? last.input : undefined;
  const plain = args.filter((a): a is string => typeof a === 'string');
  // A predictable git: no user hooks or global settings change what is measured.
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' };
  return runCommand('git', ['-C', dir, ...plain], { env, ...(input !== undefined ? { input } : {}) });
}
