import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { writeFileAtomic } from '../core/repo/atomic-write';
import type { SecretStore } from '../core/repo/secret-store';

/**
 * Secrets encrypted with the OS keychain (safeStorage) in `<userData>/secrets.json`; only
 * ciphertext touches the disk. When the OS offers no encryption (some Linux sessions without a
 * keyring), secrets stay in memory for this run instead of being written in plain text. On Linux,
 * the `basic_text` backend counts as no encryption: its key is a fixed password built into
 * Chromium, so its "ciphertext" is readable by anyone who has the file.
 */
export class SafeStorageSecretStore implements SecretStore {
  private readonly memory = new Map<string, string>();
  private cache: Record<string, string> | null = null;
  private writes: Promise<void> = Promise.resolve();

  private told = false;

  constructor(
    private readonly userDataDir: string,
    /** Told once, the first time a secret is kept in memory only, so the user can be told why. */
    private readonly onMemoryOnly?: (message: string) => void,
  ) {}

  get persistent(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    return !(process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text');
  }

  async get(key: string): Promise<string | null> {
    if (!this.persistent) return this.memory.get(key) ?? null;
    const sealed = (await this.load())[key];
    if (!sealed) return null;
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    if (!this.persistent) {
      this.memory.set(key, value);
      if (!this.told) {
        this.told = true;
        this.onMemoryOnly?.(
          'No system keyring is available, so repository tokens are kept in memory only and must be entered again after a restart.',
        );
      }
      return;
    }
    const all = await this.load();
    all[key] = safeStorage.encryptString(value).toString('base64');
    await this.save(all);
  }

  async delete(key: string): Promise<void> {
    this.memory.delete(key);
    const all = await this.load();
    if (key in all) {
      delete all[key];
      await this.save(all);
    }
  }

  private get file(): string {
    return join(this.userDataDir, 'secrets.json');
  }

  private async load(): Promise<Record<string, string>> {
    if (this.cache) return this.cache;
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as unknown;
      this.cache = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch {
      this.cache = {};
    }
    return this.cache;
  }

  private async save(all: Record<string, string>): Promise<void> {
    const snapshot = JSON.stringify(all);
    const write = this.writes.then(() => writeFileAtomic(this.file, snapshot));
    this.writes = write.catch(() => undefined);
    await write;
  }
}
