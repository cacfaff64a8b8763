/**
 * The one list of commands. The palette, the shortcut sheet, the header's tooltips and the keyboard
 * handler all read it, so a command has one title and one shortcut wherever it appears.
 */
export type CommandId =
  | 'palette.open'
  | 'shortcuts.show'
  | 'pane.next'
  | 'pane.previous'
  | 'file.quickOpen'
  | 'file.save'
  | 'app.commit'
  | 'app.sync'
  | 'app.refresh'
  | 'app.history'
  | 'app.settings'
  | 'app.add'
  | 'app.overview'
  | 'compare.head'
  | 'compare.worktree'
  | 'resources.filter';

export interface CommandSpec {
  id: CommandId;
  title: string;
  category: 'General' | 'File' | 'App' | 'View';
  /** "Mod" is Ctrl, or Cmd on a Mac; "+" joins modifiers; a single character has no modifiers. */
  keys?: string;
  /** Runs while a modal dialog is open (Save must never be swallowed). */
  inDialog?: boolean;
  /** A plain key such as "?" must not fire while the user types in a field or the editor. */
  notWhileTyping?: boolean;
}

export const commandSpecs: readonly CommandSpec[] = [
  { id: 'palette.open', title: 'Show all commands', category: 'General', keys: 'Mod+Shift+P' },
  { id: 'shortcuts.show', title: 'Keyboard shortcuts', category: 'General', keys: '?', notWhileTyping: true },
  { id: 'pane.next', title: 'Focus next pane', category: 'View', keys: 'F6' },
  { id: 'pane.previous', title: 'Focus previous pane', category: 'View', keys: 'Shift+F6' },
  { id: 'file.quickOpen', title: 'Go to file…', category: 'File', keys: 'Mod+P' },
  { id: 'file.save', title: 'Save file', category: 'File', keys: 'Mod+S', inDialog: true },
  { id: 'app.commit', title: 'Commit…', category: 'App', keys: 'Mod+Shift+K' },
  { id: 'app.sync', title: 'Sync…', category: 'App', keys: 'Mod+Shift+Y' },
  { id: 'app.refresh', title: 'Refresh (compare with the cluster again)', category: 'App' },
  { id: 'app.history', title: 'Toggle history', category: 'App', keys: 'Mod+Shift+H' },
  { id: 'app.settings', title: 'App settings…', category: 'App' },
  { id: 'app.add', title: 'Add app…', category: 'App' },
  { id: 'app.overview', title: 'Show all apps (overview)', category: 'View' },
  { id: 'compare.head', title: 'Compare cluster with HEAD', category: 'View' },
  { id: 'compare.worktree', title: 'Compare cluster with the working tree', category: 'View' },
  { id: 'resources.filter', title: 'Filter resources', category: 'View', keys: 'Mod+Shift+F' },
];

export const specById = new Map(commandSpecs.map((c) => [c.id, c]));

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** True when the keyboard event is the chord `keys` ("Mod+Shift+P", "F6", "?"). */
export function matchesKeys(e: KeyLike, keys: string, isMac: boolean): boolean {
  const parts = keys.split('+');
  const main = parts[parts.length - 1]!;
  const mods = new Set(parts.slice(0, -1));
  if (main.length === 1 && !/[a-z]/i.test(main)) {
    // A printable symbol such as "?" already implies whatever Shift the layout needs.
    return e.key === main && !e.ctrlKey && !e.metaKey && !e.altKey;
  }
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const other = isMac ? e.ctrlKey : e.metaKey;
  if (mods.has('Mod') !== mod || other) return false;
  if (mods.has('Shift') !== e.shiftKey || mods.has('Alt') !== e.altKey) return false;
  return e.key.toLowerCase() === main.toLowerCase();
}

/** How a chord is written for people: "Ctrl+Shift+P", or "⌘⇧P" on a Mac. */
export function formatKeys(keys: string, isMac: boolean): string {
  if (!isMac) return keys.replaceAll('Mod', 'Ctrl');
  return keys.replaceAll('Mod+', '⌘').replaceAll('Shift+', '⇧').replaceAll('Alt+', '⌥');
}

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

/** "Sync… (Ctrl+Shift+Y)": a button's tooltip, from the registry. */
export function commandHint(id: CommandId, isMac = isMacPlatform()): string {
  const spec = specById.get(id);
  if (!spec) return id;
  const title = spec.title.replace(/…$/, '');
  return spec.keys ? `${title} (${formatKeys(spec.keys, isMac)})` : title;
}

/** Commands matching a typed query: every word must appear in the title or category. */
export function filterCommands<T extends CommandSpec>(specs: readonly T[], query: string): T[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return specs.filter((s) => {
    const hay = `${s.category} ${s.title}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
