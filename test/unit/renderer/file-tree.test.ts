import { describe, expect, it } from 'vitest';
import { buildFileTree, fileMarks, fuzzyScore } from '../../../src-renderer/features/editor/file-tree';

describe('buildFileTree', () => {
  it('nests paths, folders first', () => {
    const tree = buildFileTree([
      { path: 'service.yaml', type: 'file' },
      { path: 'base/deploy.yaml', type: 'file' },
      { path: 'base/cfg/a.yaml', type: 'file' },
      { path: 'empty', type: 'dir' },
    ]);
    expect(tree.map((n) => n.name)).toEqual(['base', 'empty', 'service.yaml']);
    expect(tree[0]!.children.map((n) => n.path)).toEqual(['base/cfg', 'base/deploy.yaml']);
    expect(tree[0]!.children[0]!.children[0]!.path).toBe('base/cfg/a.yaml');
  });
});

describe('fileMarks', () => {
  it('marks files and their folders with changes and problems', () => {
    const marks = fileMarks(
      [{ path: 'base/deploy.yaml', change: 'modified', staged: false }],
      [{ file: 'base/bad.yaml', line: 3, message: 'bad indentation' }],
    );
    expect(marks.get('base/deploy.yaml')?.change).toBe('modified');
    expect(marks.get('base')?.change).toBe('modified');
    expect(marks.get('base/bad.yaml')?.problems).toHaveLength(1);
    expect(marks.get('base')?.problems).toHaveLength(1);
  });
});

describe('fuzzyScore', () => {
  it('ranks basename prefixes over scattered matches and rejects non-matches', () => {
    const a = fuzzyScore('dep', 'base/deployment.yaml')!;
    const b = fuzzyScore('dep', 'docs/examples/p.yaml')!;
    expect(a).toBeGreaterThan(b);
    expect(fuzzyScore('xyz', 'base/deployment.yaml')).toBeNull();
    expect(fuzzyScore('', 'anything')).toBe(0);
  });
});
