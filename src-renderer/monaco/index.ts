export { YamlEditor } from './YamlEditor';
export { YamlDiffView } from './YamlDiffView';
export { LARGE_FILE_CHARS } from './large-file';
export type { EditorCommand, EditorMarker, EditorTheme, YamlDiffViewProps, YamlEditorProps } from './types';
