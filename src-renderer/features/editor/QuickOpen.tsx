import { useCallback } from 'react';
import type { FileEntry } from '../../../src-shared/model';
import { QuickPick } from '../../components/QuickPick';
import { fuzzyScore } from './file-tree';

interface Props {
  files: FileEntry[];
  onOpen(path: string): void;
  onClose(): void;
}

/** Ctrl/Cmd+P: type part of a name, arrows to choose, Enter to open. */
export function QuickOpen({ files, onOpen, onClose }: Props) {
  const match = useCallback(
    (query: string) => {
      const scored: { path: string; score: number }[] = [];
      for (const f of files) {
        if (f.type !== 'file') continue;
        const score = fuzzyScore(query, f.path);
        if (score !== null) scored.push({ path: f.path, score });
      }
      return scored.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path)).slice(0, 50);
    },
    [files],
  );
  return (
    <QuickPick
      title="Go to file"
      inputLabel="File name"
      placeholder="Type to search files"
      listLabel="Matching files"
      empty="No matching files"
      match={match}
      keyOf={(m) => m.path}
      render={(m) => (
        <>
          <span className="file-name">{m.path.slice(m.path.lastIndexOf('/') + 1)}</span>
          <span className="muted">{m.path}</span>
        </>
      )}
      onChoose={(m) => {
        onClose();
        onOpen(m.path);
      }}
      onClose={onClose}
    />
  );
}
