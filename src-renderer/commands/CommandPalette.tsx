import { useCallback } from 'react';
import { QuickPick } from '../components/QuickPick';
import { filterCommands, formatKeys, isMacPlatform, type CommandId, type CommandSpec } from './registry';

interface Props {
  commands: CommandSpec[];
  onRun(id: CommandId): void;
  onClose(): void;
}

/** Ctrl/Cmd+Shift+P: every available command by name, with its shortcut. */
export function CommandPalette({ commands, onRun, onClose }: Props) {
  const isMac = isMacPlatform();
  const match = useCallback((query: string) => filterCommands(commands, query), [commands]);
  return (
    <QuickPick
      title="Command palette"
      inputLabel="Command"
      placeholder="Type a command"
      listLabel="Commands"
      empty="No matching commands"
      match={match}
      keyOf={(c) => c.id}
      render={(c) => (
        <>
          <span className="file-name">{c.title}</span>
          <span className="muted">{c.category}</span>
          {c.keys && <kbd className="shortcut">{formatKeys(c.keys, isMac)}</kbd>}
        </>
      )}
      onChoose={(c) => onRun(c.id)}
      onClose={onClose}
    />
  );
}
