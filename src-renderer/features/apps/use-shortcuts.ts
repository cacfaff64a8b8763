import { useEffect, useRef } from 'react';

export interface Shortcuts {
  save(): void;
  sync(): void;
  quickOpen(): void;
}

/** App-wide keys: Ctrl/Cmd+S save, Ctrl/Cmd+Shift+Y sync, Ctrl/Cmd+P quick-open. */
export function useShortcuts(handlers: Shortcuts): void {
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      // A modal dialog owns the keyboard, except Save which must never be swallowed.
      const modal = document.querySelector('dialog[open]') !== null;
      if (key === 's' && !e.shiftKey) {
        e.preventDefault();
        if (!modal) ref.current.save();
      } else if (key === 'y' && e.shiftKey && !modal) {
        e.preventDefault();
        ref.current.sync();
      } else if (key === 'p' && !e.shiftKey && !modal) {
        e.preventDefault();
        ref.current.quickOpen();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
