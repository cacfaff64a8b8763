import type { editor } from 'monaco-editor/esm/vs/editor/editor.api.js';
import type { Monaco } from './monaco-setup';
import type { EditorCommand } from './types';

interface Shortcut {
  command: EditorCommand;
  keybinding: number;
  key: string;
  code: string;
  shiftKey: boolean;
}

function shortcuts(monaco: Monaco): Shortcut[] {
  const { KeyMod, KeyCode } = monaco;
  return [
    { command: 'save', keybinding: KeyMod.CtrlCmd | KeyCode.KeyS, key: 's', code: 'KeyS', shiftKey: false },
    {
      command: 'commit',
      keybinding: KeyMod.CtrlCmd | KeyCode.Enter,
      key: 'Enter',
      code: 'Enter',
      shiftKey: false,
    },
    {
      command: 'sync',
      keybinding: KeyMod.CtrlCmd | KeyMod.Shift | KeyCode.KeyY,
      key: 'Y',
      code: 'KeyY',
      shiftKey: true,
    },
    {
      command: 'quickOpen',
      keybinding: KeyMod.CtrlCmd | KeyCode.KeyP,
      key: 'p',
      code: 'KeyP',
      shiftKey: false,
    },
  ];
}

/**
 * Binds the application shortcuts inside the editor, overriding Monaco's own meaning for them
 * (Ctrl+Enter inserts a line, Ctrl+P would open its palette). Monaco stops propagation of keys it
 * handles, so without these bindings the application's document-level shortcuts would never fire
 * while the editor has focus.
 */
export function bindApplicationShortcuts(
  monaco: Monaco,
  target: editor.IStandaloneCodeEditor,
  container: HTMLElement,
  handler: () => ((command: EditorCommand) => void) | undefined,
): void {
  const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
  for (const shortcut of shortcuts(monaco)) {
    target.addAction({
      id: `gitops-desktop.${shortcut.command}`,
      label: shortcut.command,
      keybindings: [shortcut.keybinding],
      run: () => {
        const onCommand = handler();
        if (onCommand) {
          onCommand(shortcut.command);
          return;
        }
        container.dispatchEvent(
          new KeyboardEvent('keydown', {
            key: shortcut.key,
            code: shortcut.code,
            ctrlKey: !isMac,
            metaKey: isMac,
            shiftKey: shortcut.shiftKey,
            bubbles: true,
            cancelable: true,
          }),
        );
      },
    });
  }
}
