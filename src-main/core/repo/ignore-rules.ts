import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * .gitignore and .git/info/exclude, with the same rules as isomorphic-git's isIgnored, but each
 * file read and parsed once per instance and each answer memoised: listing 1,000 files asked
 * isIgnored 1,000 times, and every call re-read every .gitignore on the way to its file. Keep an
 * instance for one operation (a listing, one batch of watcher events), so edits to the rules count.
 */
export class IgnoreRules {
  private readonly matchers = new Map<string, Promise<Ignore>>();
  private readonly answers = new Map<string, Promise<boolean>>();
  private excludes: Promise<string> | null = null;

  constructor(
    private readonly dir: string,
    private readonly gitdir: string,
  ) {}

  /** `path` is repository-relative POSIX; a folder may be given with a trailing slash. */
  isIgnored(path: string): Promise<boolean> {
    let answer = this.answers.get(path);
    if (!answer) {
      answer = this.compute(path);
      this.answers.set(path, answer);
    }
    return answer;
  }

  /** The rules of the .gitignore in `folder` ('' = root; the root's also holds info/exclude). */
  private matcher(folder: string): Promise<Ignore> {
    let m = this.matchers.get(folder);
    if (!m) {
      m = (async () => {
        const ign = ignore();
        if (folder === '') {
          this.excludes ??= readText(join(this.gitdir, 'info', 'exclude'));
          ign.add(await this.excludes);
        }
        ign.add(await readText(join(this.dir, ...folder.split('/').filter(Boolean), '.gitignore')));
        return ign;
      })();
      this.matchers.set(folder, m);
    }
    return m;
  }

  private async compute(path: string): Promise<boolean> {
    const trimmed = path.replace(/\/+$/, '');
    const pieces = trimmed.split('/').filter(Boolean);
    if (pieces[pieces.length - 1] === '.git') return true;
    if (trimmed === '' || trimmed === '.') return false;
    // A file inside an ignored folder is ignored, whatever later rules say (as in git).
    if (pieces.length > 1 && (await this.isIgnored(`${pieces.slice(0, -1).join('/')}/`))) return true;
    let ignored = false;
    for (let i = 0; i < pieces.length; i++) {
      const ign = await this.matcher(pieces.slice(0, i).join('/'));
      const rest = pieces.slice(i).join('/') + (path.endsWith('/') ? '/' : '');
      if (ignored) ignored = !ign.test(rest).unignored;
      else ignored = ign.test(rest).ignored;
    }
    return ignored;
  }
}
