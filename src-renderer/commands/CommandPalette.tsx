import { useId, useMemo, useState } from 'react';
import { PickerInput } from '../components/PickerInput';
import { Dialog } from '../components/Dialog';
import { filterCommands, formatKeys, isMacPlatform, type CommandId, type CommandSpec } from './registry';

interface Props {
  commands: CommandSpec[];
  onRun(id: CommandId): void;
  onClose(): void;
}

/** Ctrl/Cmd+Shift+P: every available command by name, with its shortcut. */
export function CommandPalette({ commands, onRun, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const id = useId();
  const isMac = isMacPlatform();
  const matches = useMemo(() => filterCommands(commands, query), [commands, query]);
  const current = Math.min(active, Math.max(0, matches.length - 1));

  return (
    <Dialog title="Command palette" size="small" onClose={onClose} className="quick-open">
      <PickerInput
        label="Command"
        placeholder="Type a command"
        baseId={id}
        query={query}
        count={matches.length}
        current={current}
        onQuery={setQuery}
        onActive={setActive}
        onChoose={(i) => onRun(matches[i]!.id)}
      />
      <ul role="listbox" id={`${id}-list`} aria-label="Commands" className="quick-open-list">
        {matches.map((c, i) => (
          <li
            key={c.id}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'active' : undefined}
            onMouseEnter={() => setActive(i)}
            onClick={() => onRun(c.id)}
          >
            <span className="file-name">{c.title}</span>
            <span className="muted">{c.category}</span>
            {c.keys && <kbd className="shortcut">{formatKeys(c.keys, isMac)}</kbd>}
          </li>
        ))}
        {matches.length === 0 && <li className="muted">No matching commands</li>}
      </ul>
    </Dialog>
  );
}
