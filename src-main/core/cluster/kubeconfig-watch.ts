import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, resolve } from 'node:path';

/** The kubeconfig files kubectl would read: every file in KUBECONFIG, else ~/.kube/config. */
export function kubeconfigFiles(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): string[] {
  if (env.KUBECONFIG) {
    return env.KUBECONFIG.split(platform === 'win32' ? ';' : ':')
      .filter(Boolean)
      .map((f) => resolve(f));
  }
  return [resolve(env.HOME || homedir(), '.kube', 'config')];
}

/** What changes when a file is rewritten in place or replaced by a rename; '' when it is absent. */
export async function filesSignature(files: string[]): Promise<string> {
  const parts = await Promise.all(
    files.map((f) =>
      stat(f).then(
        (s) => `${f}:${s.ino}:${s.size}:${s.mtimeMs}`,
        () => `${f}:-`,
      ),
    ),
  );
  return parts.join('|');
}

/**
 * Calls `onChange` (debounced) when a kubeconfig file is written, replaced or removed. Folders are
 * watched rather than the files: tools rewrite kubeconfigs by renaming a new file over the old
 * one, which ends a watch on the old file. The watchers never keep the process alive.
 */
export class KubeconfigWatch {
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    files: string[],
    private readonly onChange: () => void,
    private readonly debounceMs = 100,
  ) {
    const byDir = new Map<string, Set<string>>();
    for (const f of files) {
      const names = byDir.get(dirname(f)) ?? new Set<string>();
      names.add(basename(f));
      byDir.set(dirname(f), names);
    }
    for (const [dir, names] of byDir) {
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          // Some platforms do not say which file changed; then any change counts.
          if (!name || names.has(String(name))) this.schedule();
        });
        w.on('error', () => w.close());
        this.watchers.push(w);
      } catch {
        // The folder does not exist (yet): changes are still seen when a connection is next used.
      }
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.debounceMs);
    this.timer.unref();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers.length = 0;
  }
}
