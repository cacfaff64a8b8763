import { describe, expect, it } from 'vitest';
import { describeRow } from '../../../../src-main/core/repo/status';

describe('describeRow (statusMatrix HEAD/WORKDIR/STAGE → what git status says)', () => {
  it.each([
    [[0, 2, 0], { change: 'untracked', staged: false }],
    [[0, 2, 2], { change: 'added', staged: true }],
    [[0, 2, 3], { change: 'added', staged: true }],
    [[0, 0, 3], { change: 'added', staged: true }],
    [[1, 2, 1], { change: 'modified', staged: false }],
    [[1, 2, 2], { change: 'modified', staged: true }],
    [[1, 2, 3], { change: 'modified', staged: true }],
    [[1, 1, 3], { change: 'modified', staged: true }],
    [[1, 0, 1], { change: 'deleted', staged: false }],
    [[1, 0, 0], { change: 'deleted', staged: true }],
    [[1, 1, 0], { change: 'deleted', staged: true }],
    [[1, 1, 1], null],
    [[0, 0, 0], null],
  ] as const)('%j → %j', (row, expected) => {
    expect(describeRow(['f', ...row] as never)).toEqual(expected);
  });
});
