import { execFile } from 'node:child_process';
import { isAbsolute, posix, win32 } from 'node:path';

const marker = '__GITOPS_DESKTOP_PATH__=';

/**
 * The PATH a login shell would have, merged with ours. Desktop launchers start apps with a minimal
 * PATH, so kubeconfig exec plugins installed by Homebrew, gcloud or asdf would not be found. Asked
 * once at start-up, bounded by a timeout; any failure just keeps the PATH we have.
 */
export function resolveLoginShellPath(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  timeoutMs = 3000,
): Promise<string | undefined> {
  const current = env.PATH === undefined ? undefined : absoluteEntries(env.PATH, platform);
  if (platform === 'win32' || !env.SHELL) return Promise.resolve(current);
  return new Promise((resolve) => {
    execFile(
      env.SHELL!,
      ['-ilc', `echo "${marker}$PATH"`],
      { timeout: timeoutMs, env, encoding: 'utf8' },
      (err, stdout) => {
        // Shell start-up files may print anything; only our marked line counts.
        const line =
          typeof stdout === 'string' ? stdout.split('\n').find((l) => l.startsWith(marker)) : undefined;
        if (err || !line) return resolve(current);
        resolve(mergePaths(line.slice(marker.length).trim(), current));
      },
    );
  });
}

export function mergePaths(first: string, second: string | undefined): string {
  const parts = [...first.split(':'), ...(second ?? '').split(':')].filter((p) => isAbsolute(p));
  return [...new Set(parts)].join(':');
}

/**
 * Keeps only absolute entries. An empty or relative entry ('.', 'bin') is resolved against the
 * working directory of whatever runs, so a repository could supply its own `kubectl` or exec
 * plugin; no program the app starts is ever looked up that way.
 */
export function absoluteEntries(path: string, platform: NodeJS.Platform = process.platform): string {
  const separator = platform === 'win32' ? ';' : ':';
  const absolute = platform === 'win32' ? win32.isAbsolute : posix.isAbsolute;
  return path
    .split(separator)
    .filter((entry) => entry !== '' && absolute(entry))
    .join(separator);
}
