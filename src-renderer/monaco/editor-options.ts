import type { editor } from 'monaco-editor/esm/vs/editor/editor.api.js';
import type { EditorTheme } from './types';

export function monacoTheme(theme: EditorTheme): string {
  return theme === 'dark' ? 'vs-dark' : 'vs';
}

/** Options shared by the editor and both sides of the diff view. */
export const baseOptions: editor.IEditorOptions & editor.IGlobalEditorOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  tabSize: 2,
  insertSpaces: true,
  detectIndentation: false,
  wordWrap: 'off',
  renderWhitespace: 'boundary',
  fontSize: 13,
  accessibilitySupport: 'auto',
  scrollBeyondLastLine: false,
  fixedOverflowWidgets: true,
  // Tab moves the focus on (YAML is indented with spaces, Ctrl+] indents): keyboard users must be able
  // to leave the editor, the way every other control lets them.
  tabFocusMode: true,
  // "dimmed" draws the last line number in a colour far below 4.5:1.
  renderFinalNewline: 'on',
};
