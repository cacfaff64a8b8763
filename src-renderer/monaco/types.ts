import type { OpenApiSchemas } from '../../src-shared/model';

export interface EditorMarker {
  line: number;
  column?: number;
  message: string;
  severity: 'error' | 'warning';
}

export type EditorCommand = 'save' | 'commit' | 'sync' | 'quickOpen';

export type EditorTheme = 'light' | 'dark';

export interface YamlEditorProps {
  value: string;
  onChange(value: string): void;
  /** Stable key of the file; each path keeps its own model, undo stack and scroll position. */
  path: string;
  markers?: EditorMarker[];
  /** Scrolls to and briefly highlights this line whenever the number changes. */
  revealLine?: number;
  onCursorLine?(line: number): void;
  theme: EditorTheme;
  schemas?: OpenApiSchemas;
  readOnly?: boolean;
  ariaLabel: string;
  /**
   * Called with the application shortcuts typed inside the editor. Without it the keystroke is
   * re-dispatched as a DOM keydown from the editor's container, so document listeners see it.
   */
  onCommand?(command: EditorCommand): void;
  /** Reports whether the file is above the size where validation, completion and folding stop. */
  onLargeFile?(large: boolean): void;
  /** Shows a one-line notice above the editor for large files (default true). */
  largeFileNotice?: boolean;
  className?: string;
}

export interface YamlDiffViewProps {
  original: string;
  modified: string;
  originalLabel: string;
  modifiedLabel: string;
  theme: EditorTheme;
  ariaLabel: string;
  renderSideBySide?: boolean;
  className?: string;
}
