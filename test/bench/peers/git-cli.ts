import { git } from '../run-command';

/** `git status` as a user runs it (porcelain, so the terminal's colours are not measured). */
export async function gitStatus(dir: string): Promise<number> {
  return (await git(dir, 'status', '--porcelain')).ms;
}

/** `git add <file> && git commit -m ...`, timed as the two commands together. */
export async function gitAddCommit(dir: string, file: string, message: string): Promise<number> {
  const add = await git(dir, 'add', '--', file);
  const commit = await git(dir, 'commit', '-q', '-m', message);
  return add.ms + commit.ms;
}
