import { describe, expect, it } from 'vitest';
import {
  absoluteEntries,
  mergePaths,
  resolveLoginShellPath,
} from '../../../../src-main/core/cluster/login-path';

describe('PATH entries that are not absolute are skipped', () => {
  it('drops empty and relative entries, keeping the order of the rest', () => {
    expect(absoluteEntries('.:/usr/local/bin::bin:./tools:/usr/bin', 'linux')).toBe(
      '/usr/local/bin:/usr/bin',
    );
    expect(absoluteEntries('.;C:\\Tools;bin;D:\\bin', 'win32')).toBe('C:\\Tools;D:\\bin');
  });

  it('merges the login shell PATH with ours without relative entries', () => {
    expect(mergePaths('.:/opt/homebrew/bin:/usr/bin', 'bin:/usr/bin:/bin:')).toBe(
      '/opt/homebrew/bin:/usr/bin:/bin',
    );
  });

  it('cleans the PATH even when no login shell is asked', async () => {
    expect(await resolveLoginShellPath({ PATH: '.:/usr/bin:node_modules/.bin' }, 'linux')).toBe('/usr/bin');
  });
});
