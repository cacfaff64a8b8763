import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import git from 'isomorphic-git';
import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings, GitIdentity } from '../../../src-shared/model';
import type { GitRepo } from './git-repo';

export interface ResolvedIdentity {
  identity: GitIdentity;
  source: 'repository' | 'global' | 'app';
}

/** Reads `[user] name/email` from a git config file; later files override earlier ones as in git. */
export function parseUserSection(text: string): Partial<GitIdentity> {
  const out: Partial<GitIdentity> = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*([^\]\s"]+)(?:\s+"[^"]*")?\s*\]\s*(.*)$/.exec(line);
    if (header) {
      section = header[1]!.toLowerCase();
      continue;
    }
    if (section !== 'user') continue;
    const kv = /^([A-Za-z][\w-]*)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const key = kv[1]!.toLowerCase();
    if (key === 'name' || key === 'email') out[key] = unquote(kv[2]!);
  }
  return out;
}

function unquote(value: string): string {
  let v = value.replace(/\s+[#;].*$/, '').trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
  return v.replace(/\\"/g, '"').replace(/\\\\/g, '\\');
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/**
 * The global identity as git itself finds it: `$XDG_CONFIG_HOME/git/config` (or
 * ~/.config/git/config) overridden by ~/.gitconfig. isomorphic-git reads neither, so we do.
 */
export async function readGlobalIdentity(env: NodeJS.ProcessEnv): Promise<Partial<GitIdentity>> {
  const home = env.HOME ?? env.USERPROFILE;
  const xdg = env.XDG_CONFIG_HOME || (home ? join(home, '.config') : null);
  const files = [xdg ? join(xdg, 'git', 'config') : null, home ? join(home, '.gitconfig') : null];
  const result: Partial<GitIdentity> = {};
  for (const file of files) {
    if (!file) continue;
    const text = await readIfPresent(file);
    if (text) Object.assign(result, parseUserSection(text));
  }
  return result;
}

/** Repository config, else global config, else the app's own fallback; null when none is complete. */
export async function resolveIdentity(
  repo: GitRepo,
  app: AppSettings,
  env: NodeJS.ProcessEnv,
): Promise<ResolvedIdentity | null> {
  const name = (await git.getConfig({ fs: repo.fs, dir: repo.dir, path: 'user.name' })) as string | undefined;
  const email = (await git.getConfig({ fs: repo.fs, dir: repo.dir, path: 'user.email' })) as
    string | undefined;
  const global = await readGlobalIdentity(env);
  const merged = { name: name || global.name, email: email || global.email };
  if (merged.name && merged.email) {
    return {
      identity: { name: merged.name, email: merged.email },
      source: name && email ? 'repository' : 'global',
    };
  }
  if (app.author) return { identity: app.author, source: 'app' };
  return null;
}

export async function requireIdentity(
  repo: GitRepo,
  app: AppSettings,
  env: NodeJS.ProcessEnv,
): Promise<GitIdentity> {
  const resolved = await resolveIdentity(repo, app, env);
  if (!resolved) {
    throw new ApiFailure(
      'identity-required',
      'Git does not know who you are: no user.name and user.email in the repository or your global git config. ' +
        'Run "git config --global user.name \'Your Name\'" and "git config --global user.email you@example.com", or set an author in the app settings.',
    );
  }
  return resolved.identity;
}
