import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import YamlWorker from './yaml-worker?worker';

// Workers are bundled chunks served from the app itself: the CSP allows `worker-src 'self' blob:`
// and the app must work without network access.
export function installWorkerEnvironment(): void {
  if (self.MonacoEnvironment?.getWorker) return;
  self.MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      return label === 'yaml' ? new YamlWorker() : new EditorWorker();
    },
  };
}
