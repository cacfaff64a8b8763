import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { ApiFailure } from '../../../src-shared/errors';
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
  ignoreDifferences: z
    .array(
      z.object({
        group: z.string(),
        kind: z.string().min(1),
        name: z.string().min(1).optional(),
        namespace: z.string().min(1).optional(),
        jsonPointers: z.array(z.string()).optional(),
        managedFieldsManagers: z.array(z.string()).optional(),
      }),
    )
    .optional(),
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
  /** Set when the file exists but could not be read: it must then never be written over. */
  private unreadable: string | null = null;

  constructor(private readonly path: string) {}

  async read(): Promise<SettingsFileContent> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
      this.unreadable = null;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.unreadable = null;
        return { apps: [] };
      }
      // EACCES, EIO...: the apps are still in there. Say so, and keep the file as it is.
      this.unreadable = `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${(err as Error).message}`;
      return {
        apps: [],
        problem: {
          message: `Cannot read the settings file ${this.path} (${this.unreadable}). Your apps are not shown and changes are not saved, so the file is not overwritten. Fix its permissions or the disk, then restart.`,
        },
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
    if (this.unreadable)
      throw new ApiFailure(
        'settings',
        `The settings file ${this.path} could not be read (${this.unreadable}), so it is not overwritten. Fix its permissions or the disk, then restart.`,
      );
    await writeFileAtomic(this.path, `${JSON.stringify({ version: 1, apps }, null, 2)}\n`);
  }
}
