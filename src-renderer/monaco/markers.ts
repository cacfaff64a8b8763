import type { editor } from 'monaco-editor/esm/vs/editor/editor.api.js';
import type { Monaco } from './monaco-setup';
import type { EditorMarker } from './types';

/** Separate from monaco-yaml's own owner, so setting ours never clears its schema markers. */
export const MARKER_OWNER = 'gitops-desktop';

export function applyMarkers(
  monaco: Monaco,
  model: editor.ITextModel,
  markers: EditorMarker[] | undefined,
): void {
  const lineCount = model.getLineCount();
  const data = (markers ?? []).map((marker): editor.IMarkerData => {
    const line = Math.min(Math.max(1, Math.floor(marker.line)), lineCount);
    const maxColumn = model.getLineMaxColumn(line);
    let startColumn: number;
    let endColumn: number;
    if (marker.column !== undefined) {
      startColumn = Math.min(Math.max(1, Math.floor(marker.column)), maxColumn);
      const word = model.getWordAtPosition({ lineNumber: line, column: startColumn });
      endColumn = word ? word.endColumn : Math.min(startColumn + 1, maxColumn);
    } else {
      // Whole line minus indentation, so the squiggle sits under the content.
      startColumn = model.getLineFirstNonWhitespaceColumn(line) || 1;
      endColumn = maxColumn;
    }
    if (endColumn <= startColumn) endColumn = startColumn + 1;
    return {
      startLineNumber: line,
      startColumn,
      endLineNumber: line,
      endColumn,
      message: marker.message,
      severity: marker.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
      source: 'GitOps Desktop',
    };
  });
  monaco.editor.setModelMarkers(model, MARKER_OWNER, data);
}
