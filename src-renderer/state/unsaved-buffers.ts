/**
 * Unsaved editor buffers survive a reload or a restart: each is kept in localStorage under its app
 * and path until it is saved or discarded. `base` is the file content the edit started from, so a
 * restored buffer can tell whether the file changed on disk meanwhile.
 */
export interface StoredBuffer {
  content: string;
  base: string;
  savedAt: number;
}

const prefix = 'gitops-desktop.buffer:';

function key(appId: string, path: string): string {
  return `${prefix}${appId}:${path}`;
}

export function loadBuffer(appId: string, path: string): StoredBuffer | null {
  try {
    const raw = localStorage.getItem(key(appId, path));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredBuffer>;
    if (typeof value.content !== 'string' || typeof value.base !== 'string') return null;
    return { content: value.content, base: value.base, savedAt: value.savedAt ?? 0 };
  } catch {
    return null;
  }
}

export function storeBuffer(appId: string, path: string, content: string, base: string): boolean {
  try {
    localStorage.setItem(key(appId, path), JSON.stringify({ content, base, savedAt: Date.now() }));
    return true;
  } catch {
    // Quota exceeded (a multi-megabyte file): the buffer still lives in memory.
    return false;
  }
}

export function clearBuffer(appId: string, path: string): void {
  try {
    localStorage.removeItem(key(appId, path));
  } catch {
    // Storage unavailable: nothing to clear.
  }
}

/** Paths of an app that have a stored unsaved buffer. */
export function bufferedPaths(appId: string): string[] {
  const start = `${prefix}${appId}:`;
  const out: string[] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith(start)) out.push(k.slice(start.length));
    }
  } catch {
    // Storage unavailable.
  }
  return out;
}
