import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, SettingsProblem } from '../../../src-shared/model';
import { cleanRules, rulesProblem } from '../ignore/ignore-rules';
import { SettingsFile } from './settings-file';

export type NewAppSettings = Omit<AppSettings, 'id'>;
/** `null` clears an optional setting (JSON has no undefined). */
export type AppSettingsChanges = Partial<
  Omit<AppSettings, 'id' | 'repoPath' | 'pullMode' | 'followRemote'>
> & {
  pullMode?: AppSettings['pullMode'] | null;
  followRemote?: AppSettings['followRemote'] | null;
};
export type AppsListener = (apps: AppSettings[]) => void;

/** Ignore rules as stored (cleaned), or a clear error naming the rule that is wrong. */
function checkedRules(rules: AppSettings['ignoreDifferences']): Pick<AppSettings, 'ignoreDifferences'> {
  if (rules === undefined) return {};
  const cleaned = cleanRules(rules);
  const problem = rulesProblem(cleaned);
  if (problem) throw new ApiFailure('invalid', problem);
  return { ignoreDifferences: cleaned };
}

/**
 * The apps the user registered, persisted in `<userDataDir>/settings.json`. Changes are written
 * one at a time (a queue) so two quick edits can never interleave on disk.
 */
export class AppRegistry {
  private apps: AppSettings[] = [];
  private loadProblem: SettingsProblem | undefined;
  private readonly file: SettingsFile;
  private readonly listeners = new Set<AppsListener>();
  private writes: Promise<void> = Promise.resolve();

  constructor(userDataDir: string) {
    this.file = new SettingsFile(join(userDataDir, 'settings.json'));
  }

  async load(): Promise<void> {
    const content = await this.file.read();
    this.apps = content.apps;
    this.loadProblem = content.problem;
  }

  /** Set when the settings file could not be read at load; the UI shows it once. */
  get problem(): SettingsProblem | undefined {
    return this.loadProblem;
  }

  list(): AppSettings[] {
    return this.apps.map((a) => structuredClone(a));
  }

  get(appId: string): AppSettings {
    const app = this.apps.find((a) => a.id === appId);
    if (!app)
      throw new ApiFailure(
        'not-found',
        `No app with id "${appId}". Refresh the app list; it may have been removed.`,
      );
    return structuredClone(app);
  }

  async add(settings: NewAppSettings): Promise<AppSettings> {
    this.assertUniqueName(settings.name);
    const app: AppSettings = {
      id: this.newId(settings.name),
      ...structuredClone(settings),
      ...checkedRules(settings.ignoreDifferences),
    };
    this.apps = [...this.apps, app];
    await this.persist();
    return structuredClone(app);
  }

  async update(appId: string, changes: AppSettingsChanges): Promise<AppSettings> {
    const current = this.get(appId);
    if (changes.name !== undefined && changes.name !== current.name) this.assertUniqueName(changes.name);
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const next = {
      ...current,
      ...structuredClone(defined),
      ...checkedRules(changes.ignoreDifferences),
      id: current.id,
      repoPath: current.repoPath,
    } as AppSettings & Record<string, unknown>;
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) delete next[k];
    }
    this.apps = this.apps.map((a) => (a.id === appId ? next : a));
    await this.persist();
    return structuredClone(next);
  }

  async remove(appId: string): Promise<boolean> {
    if (!this.apps.some((a) => a.id === appId)) return false;
    this.apps = this.apps.filter((a) => a.id !== appId);
    await this.persist();
    return true;
  }

  onChange(listener: AppsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private assertUniqueName(name: string): void {
    if (this.apps.some((a) => a.name === name)) {
      throw new ApiFailure('conflict', `An app named "${name}" already exists. Choose another name.`);
    }
  }

  private newId(name: string): string {
    const slug =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40) || 'app';
    return `${slug}-${randomBytes(3).toString('hex')}`;
  }

  private async persist(): Promise<void> {
    const snapshot = this.list();
    const write = this.writes.then(() => this.file.write(snapshot));
    this.writes = write.catch(() => undefined);
    await write;
    for (const listener of [...this.listeners]) {
      try {
        listener(this.list());
      } catch {
        // A failing subscriber must not undo a change that is already on disk.
      }
    }
  }
}
