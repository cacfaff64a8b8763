import { useId, useMemo, useState, type ReactNode } from 'react';
import { Dialog } from './Dialog';
import { PickerInput } from './PickerInput';

interface Props<T> {
  title: string;
  /** The accessible name of the typing field. */
  inputLabel: string;
  placeholder: string;
  /** The accessible name of the list of matches. */
  listLabel: string;
  /** Shown in the list when nothing matches. */
  empty: string;
  /** The matches for what is typed, best first; keep it stable (useCallback) between renders. */
  match(query: string): T[];
  keyOf(item: T): string;
  /** The option's content. */
  render(item: T): ReactNode;
  onChoose(item: T): void;
  onClose(): void;
}

/** A quick pick (files, commands): a dialog with a field, arrows to move, Enter or a click to choose. */
export function QuickPick<T>(p: Props<T>) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const id = useId();
  const { match } = p;
  const matches = useMemo(() => match(query), [match, query]);
  const current = Math.min(active, Math.max(0, matches.length - 1));

  return (
    <Dialog title={p.title} size="small" onClose={p.onClose} className="quick-open">
      <PickerInput
        label={p.inputLabel}
        placeholder={p.placeholder}
        baseId={id}
        query={query}
        count={matches.length}
        current={current}
        onQuery={setQuery}
        onActive={setActive}
        onChoose={(i) => p.onChoose(matches[i]!)}
      />
      <ul role="listbox" id={`${id}-list`} aria-label={p.listLabel} className="quick-open-list">
        {matches.map((m, i) => (
          <li
            key={p.keyOf(m)}
            id={`${id}-${i}`}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'active' : undefined}
            onMouseEnter={() => setActive(i)}
            onClick={() => p.onChoose(m)}
          >
            {p.render(m)}
          </li>
        ))}
        {matches.length === 0 && <li className="muted">{p.empty}</li>}
      </ul>
    </Dialog>
  );
}
