import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { AppInfo } from '../../../src-shared/model';
import type { HandlersFor } from '../types';

export interface SystemDeps {
  info: AppInfo;
  /** Native folder picker (Electron); absent in browser mode. */
  pickFolder?: () => Promise<string | null>;
}

export function systemHandlers(deps: SystemDeps): HandlersFor<'system'> {
  return {
    'system.info': async () => deps.info,
    'system.ping': async ({ message }) => ({ message, at: new Date().toISOString() }),
    'system.pickFolder': async () => ({ path: deps.pickFolder ? await deps.pickFolder() : null }),
    'system.completePath': async ({ prefix }) => ({ entries: await completeDirectory(prefix) }),
  };
}

/** Lists directories that start with the typed prefix; only names, never file contents. */
async function completeDirectory(prefix: string): Promise<string[]> {
  const expanded = prefix.startsWith('~') ? join(homedir(), prefix.slice(1)) : prefix;
  if (!expanded) return [];
  const absolute = resolve(expanded);
  const endsWithSep = expanded.endsWith('/') || expanded.endsWith(sep);
  const parent = endsWithSep ? absolute : dirname(absolute);
  const start = endsWithSep ? '' : absolute.slice(parent.length).replace(/^[/\\]/, '');
  try {
    const entries = await readdir(parent, { withFileTypes: true });
    return entries
      .filter(
        (e) =>
          e.isDirectory() && e.name.startsWith(start) && (start.startsWith('.') || !e.name.startsWith('.')),
      )
      .map((e) => join(parent, e.name))
      .sort()
      .slice(0, 50);
  } catch {
    return [];
  }
}
