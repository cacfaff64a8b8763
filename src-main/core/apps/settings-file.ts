import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { helmSettings } from '../../../src-shared/api';
import type { AppSettings, SettingsProblem } from '../../../src-shared/model';
import { writeFileAtomic } from '../repo/atomic-write';

const identity = z.object({ name: z.string().min(1), email: z.string().min(1) });
const appSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  repoPath: z.string().min(1),
  appPath: z.string(),
  context: z.string().min(1),
  namespace: z.string().min(1),
  options: z.object({ prune: z.boolean(), autoSync: z.boolean(), selfHeal: z.boolean() }),
  author: identity.optional(),
  helm: helmSettings.optional(),
});
const fileSchema = z.object({ version: z.literal(1), apps: z.array(appSchema) });

export interface SettingsFileContent {
  apps: AppSettings[];
  problem?: SettingsProblem;
}

/**
 * The persisted app list. An unreadable file is moved aside (never silently reset) so the user can
 * recover it, and the problem is reported to the UI.
 */
export class SettingsFile {
  constructor(private readonly path: string) {}

  async read(): Promise<SettingsFileContent> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { apps: [] };
      return {
        apps: [],
        problem: { message: `Cannot read the settings file ${this.path}: ${(err as Error).message}` },
      };
    }
    let reason: string;
    try {
      const parsed = fileSchema.safeParse(JSON.parse(text));
      if (parsed.success) return { apps: parsed.data.apps };
      reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');
    } catch (err) {
      reason = `not valid JSON (${(err as Error).message})`;
    }
    const keptAs = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.path, keptAs);
    return {
      apps: [],
      problem: {
        message: `The settings file was unreadable (${reason}). It was kept as ${keptAs}; apps start empty. Re-add your apps or repair that file and restart.`,
        keptAs,
      },
    };
  }

  async write(apps: AppSettings[]): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, apps }, null, 2)}\n`);
  }
}
