import type { editor, Uri } from 'monaco-editor/esm/vs/editor/editor.api.js';
import { MODEL_ROOT, type Monaco } from './monaco-setup';

interface Entry {
  model: editor.ITextModel;
  owned: boolean;
  viewState: editor.ICodeEditorViewState | null;
}

/** Files kept open with their undo history; older ones are released to bound memory. */
const MAX_MODELS = 20;

export function modelUri(monaco: Monaco, path: string): Uri {
  const clean = path.replace(/\\/g, '/').replace(/^\/+/, '');
  return monaco.Uri.from({ scheme: 'file', path: `/${MODEL_ROOT}/${clean}` });
}

/**
 * The models one editor opened, keyed by file path. A model that already existed (another view of
 * the same file) is borrowed, never disposed here.
 */
export class ModelStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly monaco: Monaco) {}

  open(path: string, value: string, language: string): editor.ITextModel {
    const existing = this.entries.get(path);
    if (existing && !existing.model.isDisposed()) {
      // Re-insert to mark it most recently used.
      this.entries.delete(path);
      this.entries.set(path, existing);
      return existing.model;
    }
    const uri = modelUri(this.monaco, path);
    const shared = this.monaco.editor.getModel(uri);
    const model = shared ?? this.monaco.editor.createModel(value, language, uri);
    model.updateOptions({ tabSize: 2, indentSize: 2, insertSpaces: true });
    this.entries.set(path, { model, owned: !shared, viewState: null });
    this.evict(path);
    return model;
  }

  saveViewState(path: string, state: editor.ICodeEditorViewState | null): void {
    const entry = this.entries.get(path);
    if (entry) entry.viewState = state;
  }

  viewState(path: string): editor.ICodeEditorViewState | null {
    return this.entries.get(path)?.viewState ?? null;
  }

  dispose(): void {
    for (const entry of this.entries.values()) {
      if (entry.owned && !entry.model.isDisposed()) entry.model.dispose();
    }
    this.entries.clear();
  }

  private evict(current: string): void {
    for (const [path, entry] of this.entries) {
      if (this.entries.size <= MAX_MODELS) return;
      if (path === current) continue;
      if (entry.owned && !entry.model.isDisposed()) entry.model.dispose();
      this.entries.delete(path);
    }
  }
}
