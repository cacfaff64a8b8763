import { describe, expect, it } from 'vitest';
import { execBitCounts, isGitFalse } from '../../../../src-main/core/repo/git-config';

describe('git config booleans', () => {
  it("reads git's false values as git does", () => {
    for (const v of [false, 'false', 'FALSE', 'no', 'off', '0', '']) expect(isGitFalse(v)).toBe(true);
    for (const v of [true, 'true', 'yes', 'on', '1', 'input']) expect(isGitFalse(v)).toBe(false);
  });
  it('counts the executable bit unless core.fileMode is false (or the platform has none)', () => {
    const unix = process.platform !== 'win32';
    expect(execBitCounts(undefined)).toBe(unix);
    expect(execBitCounts(true)).toBe(unix);
    expect(execBitCounts('no')).toBe(false);
    expect(execBitCounts(false)).toBe(false);
  });
});
