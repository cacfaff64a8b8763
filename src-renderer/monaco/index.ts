import { lazy } from 'react';

// Monaco, its YAML language service and their workers are a few megabytes: they load when the
// first file or diff is shown, not before the app list. The components are used inside <Suspense>
// (EditorSuspense), which shows a placeholder meanwhile.
export const YamlEditor = lazy(() => import('./YamlEditor').then((m) => ({ default: m.YamlEditor })));
export const YamlDiffView = lazy(() => import('./YamlDiffView').then((m) => ({ default: m.YamlDiffView })));
export { EditorSuspense } from './EditorSuspense';
export type { EditorCommand, EditorMarker, EditorTheme, YamlDiffViewProps, YamlEditorProps } from './types';
