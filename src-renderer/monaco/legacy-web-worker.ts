import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';

interface LegacyWorkerOptions {
  moduleId: string;
  label?: string;
  createData?: unknown;
  host?: unknown;
  keepIdleModels?: boolean;
}

/**
 * monaco-yaml creates its worker with the `{ label, moduleId, createData }` form. Since 0.54 only
 * Monaco's full entry point (the one that bundles every language) translates that form; this is the
 * same translation for the lean editor API we import: the worker's first message is skipped by its
 * bootstrap, the second carries the create data.
 */
function createWebWorker<T extends object>(options: LegacyWorkerOptions): monaco.editor.MonacoWebWorker<T> {
  const getWorker = self.MonacoEnvironment?.getWorker;
  if (!getWorker) throw new Error('MonacoEnvironment.getWorker is not installed');
  const worker = Promise.resolve(getWorker('workerMain.js', options.label ?? 'monaco-editor-worker')).then(
    (w) => {
      w.postMessage('ignore');
      w.postMessage(options.createData);
      return w;
    },
  );
  return monaco.editor.createWebWorker<T>({
    worker,
    host: options.host,
    keepIdleModels: options.keepIdleModels,
  });
}

/** The Monaco API as monaco-yaml expects it. */
export const monacoForYaml = {
  ...monaco,
  editor: { ...monaco.editor, createWebWorker },
} as unknown as typeof monaco;
