import type { editor } from 'monaco-editor/esm/vs/editor/editor.api.js';

/**
 * Above this size (in UTF-16 code units, close enough to bytes for YAML) the schema service, folding
 * and other whole-document analyses cost seconds per edit, so the file is edited with highlighting
 * only.
 */
export const LARGE_FILE_CHARS = 1_000_000;

export function isLargeFile(text: string): boolean {
  return text.length > LARGE_FILE_CHARS;
}

export function sizeDependentOptions(large: boolean): editor.IEditorOptions & editor.IGlobalEditorOptions {
  return {
    folding: !large,
    quickSuggestions: !large,
    wordBasedSuggestions: large ? 'off' : 'currentDocument',
    occurrencesHighlight: large ? 'off' : 'singleFile',
    selectionHighlight: !large,
    links: !large,
    colorDecorators: !large,
    matchBrackets: large ? 'never' : 'always',
    bracketPairColorization: { enabled: false },
    guides: { bracketPairs: false, indentation: !large },
    stickyScroll: { enabled: false },
    unicodeHighlight: large
      ? { ambiguousCharacters: false, invisibleCharacters: false, nonBasicASCII: false }
      : { ambiguousCharacters: true, invisibleCharacters: true, nonBasicASCII: false },
  };
}
