import type { editor } from 'monaco-editor/esm/vs/editor/editor.api.js';
import type { Monaco } from './monaco-setup';

/**
 * Replaces only the span that differs between the model and `next`, as one undoable edit, so the
 * cursor and scroll position survive an outside change (a reload from disk, a formatter) that
 * touches a different part of the file.
 */
export function replaceChangedSpan(
  monaco: Monaco,
  model: editor.ITextModel,
  next: string,
  target: editor.ICodeEditor | null,
): void {
  const current = model.getValue();
  if (current === next) return;
  const limit = Math.min(current.length, next.length);
  let start = 0;
  while (start < limit && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < limit - start &&
    current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)
  ) {
    end++;
  }
  // Never split a surrogate pair or a CRLF between the kept and the replaced text.
  while (start > 0 && isPairStart(current.charCodeAt(start - 1))) start--;
  while (end > 0 && isPairEnd(current.charCodeAt(current.length - end))) end--;
  const from = model.getPositionAt(start);
  const to = model.getPositionAt(current.length - end);
  const edit = {
    range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column),
    text: next.slice(start, next.length - end),
    forceMoveMarkers: true,
  };
  if (target && target.getModel() === model) {
    target.pushUndoStop();
    target.executeEdits('gitops-desktop.sync', [edit]);
    target.pushUndoStop();
  } else {
    model.pushStackElement();
    model.pushEditOperations([], [edit], () => null);
    model.pushStackElement();
  }
}

function isPairStart(code: number): boolean {
  return (code >= 0xd800 && code <= 0xdbff) || code === 13;
}

function isPairEnd(code: number): boolean {
  return (code >= 0xdc00 && code <= 0xdfff) || code === 10;
}
