interface Props {
  /** The accessible name of the input. */
  label: string;
  placeholder: string;
  /** The listbox it controls is `${baseId}-list`; its options are `${baseId}-${index}`. */
  baseId: string;
  query: string;
  count: number;
  current: number;
  onQuery(query: string): void;
  onActive(index: number): void;
  onChoose(index: number): void;
}

/** The typing field of a quick pick (files, commands): arrows move, Enter chooses. */
export function PickerInput(p: Props) {
  return (
    <input
      role="combobox"
      aria-label={p.label}
      aria-expanded="true"
      aria-controls={`${p.baseId}-list`}
      aria-autocomplete="list"
      aria-activedescendant={p.count > 0 ? `${p.baseId}-${p.current}` : undefined}
      value={p.query}
      data-autofocus
      spellCheck={false}
      placeholder={p.placeholder}
      onChange={(e) => {
        p.onQuery(e.target.value);
        p.onActive(0);
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowDown') p.onActive(Math.min(p.current + 1, p.count - 1));
        else if (e.key === 'ArrowUp') p.onActive(Math.max(p.current - 1, 0));
        else if (e.key === 'Enter' && p.count > 0) p.onChoose(p.current);
        else return;
        e.preventDefault();
      }}
    />
  );
}
