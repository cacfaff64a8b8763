import { useId, useMemo, useState } from 'react';
import type { FileEntry } from '../../../src-shared/model';
import { PickerInput } from '../../components/PickerInput';
import { Dialog } from '../../components/Dialog';
import { fuzzyScore } from './file-tree';

interface Props {
  files: FileEntry[];
  onOpen(path: string): void;
  onClose(): void;
}

/** Ctrl/Cmd+P: type part of a name, arrows to choose, Enter to open. */
export function QuickOpen({ files, onOpen, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const id = useId();
  const matches = useMemo(() => {
    const scored: { path: string; score: number }[] = [];
    for (const f of files) {
      if (f.type !== 'file') continue;
      const score = fuzzyScore(query, f.path);
      if (score !== null) scored.push({ path: f.path, score });
    }
    return scored.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path)).slice(0, 50);
  }, [files, query]);
  const current = Math.min(active, Math.max(0, matches.length - 1));

  const choose = (path: string | undefined) => {
    if (!path) return;
    onClose();
    onOpen(path);
  };

  return (
    <Dialog title="Go to file" size="small" onClose={onClose} className="quick-open">
      <PickerInput
        label="File name"
        placeholder="Type to search files"
        baseId={id}
        query={query}
        count={matches.length}
        current={current}
        onQuery={setQuery}
        onActive={setActive}
        onChoose={(i) => choose(matches[i]?.path)}
      />
      <ul role="listbox" id={`${id}-list`} aria-label="Matching files" className="quick-open-list">
        {matches.map((m, i) => (
          <li
            key={m.path}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'active' : undefined}
            onMouseEnter={() => setActive(i)}
            onClick={() => choose(m.path)}
          >
            <span className="file-name">{m.path.slice(m.path.lastIndexOf('/') + 1)}</span>
            <span className="muted">{m.path}</span>
          </li>
        ))}
        {matches.length === 0 && <li className="muted">No matching files</li>}
      </ul>
    </Dialog>
  );
}
