import { useMemo, useRef, useState } from 'react';
import type { FileChange, FileEntry, ManifestProblem } from '../../../src-shared/model';
import { buildFileTree, changeLetter, fileMarks, type FileNode } from './file-tree';

interface Props {
  files: FileEntry[] | undefined;
  changes: FileChange[];
  problems: ManifestProblem[];
  selectedPath: string | null;
  dirtyPaths: ReadonlySet<string>;
  onOpen(path: string): void;
  loading: boolean;
}

interface Row {
  node: FileNode;
  level: number;
}

export function FileTree({ files, changes, problems, selectedPath, dirtyPaths, onOpen, loading }: Props) {
  const tree = useMemo(() => buildFileTree(files ?? []), [files]);
  const marks = useMemo(() => fileMarks(changes, problems), [changes, problems]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const rows = useMemo(() => {
    const out: Row[] = [];
    const walk = (nodes: FileNode[], level: number) => {
      for (const node of nodes) {
        out.push({ node, level });
        if (node.type === 'dir' && !collapsed.has(node.path)) walk(node.children, level + 1);
      }
    };
    walk(tree, 1);
    return out;
  }, [tree, collapsed]);

  const toggle = (path: string, open?: boolean) =>
    setCollapsed((cur) => {
      const next = new Set(cur);
      const isOpen = !cur.has(path);
      if (open ?? !isOpen) next.delete(path);
      else next.add(path);
      return next;
    });

  const activePath = focused ?? selectedPath ?? rows[0]?.node.path ?? null;

  const focusRow = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    setFocused(row.node.path);
    listRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(row.node.path)}"]`)?.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent, row: Row, index: number) => {
    const { node } = row;
    if (e.key === 'ArrowDown') focusRow(index + 1);
    else if (e.key === 'ArrowUp') focusRow(index - 1);
    else if (e.key === 'Home') focusRow(0);
    else if (e.key === 'End') focusRow(rows.length - 1);
    else if (e.key === 'ArrowRight' && node.type === 'dir') toggle(node.path, true);
    else if (e.key === 'ArrowLeft' && node.type === 'dir' && !collapsed.has(node.path))
      toggle(node.path, false);
    else if (e.key === 'Enter' || e.key === ' ') {
      if (node.type === 'dir') toggle(node.path);
      else onOpen(node.path);
    } else return;
    e.preventDefault();
  };

  if (loading && !files)
    return (
      <div className="pane-empty" aria-busy="true">
        Loading files…
      </div>
    );
  if (files && files.length === 0) return <div className="pane-empty">No files in this app folder.</div>;

  return (
    <ul className="file-tree" role="tree" aria-label="Files" ref={listRef}>
      {rows.map((row, index) => {
        const { node, level } = row;
        const m = marks.get(node.path);
        const problemCount = m?.problems.length ?? 0;
        const dirty = dirtyPaths.has(node.path);
        const labelParts = [node.name];
        if (m?.change) labelParts.push(m.change);
        if (dirty) labelParts.push('unsaved changes');
        if (problemCount) labelParts.push(`${problemCount} problem${problemCount > 1 ? 's' : ''}`);
        return (
          <li
            key={node.path}
            role="treeitem"
            data-path={node.path}
            aria-level={level}
            aria-label={labelParts.join(', ')}
            aria-selected={node.path === selectedPath}
            aria-expanded={node.type === 'dir' ? !collapsed.has(node.path) : undefined}
            tabIndex={node.path === activePath ? 0 : -1}
            className={`file-row ${node.path === selectedPath ? 'selected' : ''} ${problemCount ? 'has-problem' : ''} change-${m?.change ?? 'none'}`}
            style={{ paddingLeft: `${(level - 1) * 12 + 6}px` }}
            title={
              problemCount
                ? m!.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}`).join('\n')
                : node.path
            }
            onClick={() => {
              setFocused(node.path);
              if (node.type === 'dir') toggle(node.path);
              else onOpen(node.path);
            }}
            onKeyDown={(e) => onKeyDown(e, row, index)}
          >
            <span className="file-icon" aria-hidden="true">
              {node.type === 'dir' ? (collapsed.has(node.path) ? '▸' : '▾') : ''}
            </span>
            <span className="file-name">{node.name}</span>
            {dirty && (
              <span className="dirty-dot" aria-hidden="true" title="Unsaved changes">
                ●
              </span>
            )}
            {problemCount > 0 && (
              <span className="problem-mark" aria-hidden="true">
                {problemCount}!
              </span>
            )}
            {m?.change && (
              <span className={`change-mark change-${m.change}`} aria-hidden="true">
                {node.type === 'file' ? changeLetter[m.change] : '•'}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
