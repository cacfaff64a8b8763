import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { CommandPalette } from './CommandPalette';
import { cyclePane } from './panes';
import { commandSpecs, isMacPlatform, matchesKeys, type CommandId, type CommandSpec } from './registry';
import { ShortcutSheet } from './ShortcutSheet';

export type CommandHandlers = Partial<Record<CommandId, () => void>>;

interface Registry {
  register(handlers: () => CommandHandlers): () => void;
  run(id: CommandId): boolean;
  available(): CommandSpec[];
}

const CommandContext = createContext<Registry | null>(null);

function isTyping(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (el as HTMLElement).isContentEditable;
}

/**
 * Holds the handlers the mounted components offer for each command (the innermost, most recently
 * mounted wins), and the one keyboard listener that turns chords into commands.
 */
export function CommandsProvider({ children }: { children: ReactNode }) {
  const layers = useRef<(() => CommandHandlers)[]>([]);
  // Bumped when handlers come or go, so the palette lists what is available now.
  const [, setVersion] = useState(0);
  const [palette, setPalette] = useState(false);
  const [sheet, setSheet] = useState(false);

  const handlerFor = useCallback((id: CommandId): (() => void) | undefined => {
    for (let i = layers.current.length - 1; i >= 0; i--) {
      const h = layers.current[i]!()[id];
      if (h) return h;
    }
    return undefined;
  }, []);

  const builtIns = useMemo<CommandHandlers>(
    () => ({
      'palette.open': () => setPalette(true),
      'shortcuts.show': () => setSheet(true),
      'pane.next': () => void cyclePane(1),
      'pane.previous': () => void cyclePane(-1),
    }),
    [],
  );

  const registry = useMemo<Registry>(
    () => ({
      register(handlers) {
        layers.current.push(handlers);
        setVersion((v) => v + 1);
        return () => {
          layers.current = layers.current.filter((l) => l !== handlers);
          setVersion((v) => v + 1);
        };
      },
      run(id) {
        const h = builtIns[id] ?? handlerFor(id);
        if (!h) return false;
        h();
        return true;
      },
      available: () => commandSpecs.filter((s) => builtIns[s.id] ?? handlerFor(s.id)),
    }),
    [builtIns, handlerFor],
  );

  useEffect(() => {
    const isMac = isMacPlatform();
    const onKey = (e: KeyboardEvent) => {
      const modal = document.querySelector('dialog[open]') !== null;
      for (const spec of commandSpecs) {
        if (!spec.keys || !matchesKeys(e, spec.keys, isMac)) continue;
        if (modal && !spec.inDialog) return;
        if (spec.notWhileTyping && (isTyping(document.activeElement) || e.defaultPrevented)) return;
        // Handled here, in the capture phase, so the editor does not also act on the chord.
        e.preventDefault();
        e.stopPropagation();
        registry.run(spec.id);
        return;
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [registry]);

  return (
    <CommandContext.Provider value={registry}>
      {children}
      {palette && (
        <CommandPalette
          commands={registry.available().filter((c) => c.id !== 'palette.open')}
          onRun={(id) => {
            setPalette(false);
            // After the dialog has closed and given the focus back, so the command's own dialog opens cleanly.
            setTimeout(() => registry.run(id), 0);
          }}
          onClose={() => setPalette(false)}
        />
      )}
      {sheet && <ShortcutSheet onClose={() => setSheet(false)} />}
    </CommandContext.Provider>
  );
}

/** Offers handlers for commands while the calling component is mounted. */
export function useCommands(handlers: CommandHandlers): void {
  const registry = useContext(CommandContext);
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => registry?.register(() => ref.current), [registry]);
}

/** Runs a command by id (menus and buttons that want the same behaviour as the shortcut). */
export function useRunCommand(): (id: CommandId) => boolean {
  const registry = useContext(CommandContext);
  return useCallback((id: CommandId) => registry?.run(id) ?? false, [registry]);
}
