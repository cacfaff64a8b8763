import { useEffect, useLayoutEffect, useRef } from 'react';
import type { editor } from 'monaco-editor/esm/vs/editor/editor.api.js';
import { bindApplicationShortcuts } from './editor-commands';
import { baseOptions, monacoTheme } from './editor-options';
import { buildKubernetesSchema } from './kubernetes-schema';
import { isLargeFile, sizeDependentOptions } from './large-file';
import { applyMarkers } from './markers';
import { ModelStore } from './model-store';
import { applyKubernetesSchema, PLAIN_YAML_LANGUAGE, setupMonaco, YAML_LANGUAGE } from './monaco-setup';
import { replaceChangedSpan } from './sync-value';
import type { YamlEditorProps } from './types';
import './monaco.css';

const REVEAL_HIGHLIGHT_MS = 1600;
/** Values this editor emitted recently; a parent that lags one render behind must not undo typing. */
const RECENT_EMITS = 8;

export function YamlEditor(props: YamlEditorProps) {
  const { value, path, markers, revealLine, theme, schemas, readOnly = false, ariaLabel } = props;
  const large = isLargeFile(value);
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  const storeRef = useRef<ModelStore | null>(null);
  const pathRef = useRef<string | null>(null);
  const applyingRef = useRef(false);
  const recentRef = useRef<string[]>([]);
  const propsRef = useRef(props);
  useLayoutEffect(() => {
    propsRef.current = props;
  });

  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const monaco = setupMonaco();
    const instance = monaco.editor.create(host, {
      ...baseOptions,
      ...sizeDependentOptions(false),
      model: null,
      ariaLabel: propsRef.current.ariaLabel,
      readOnly: propsRef.current.readOnly ?? false,
      theme: monacoTheme(propsRef.current.theme),
    });
    const store = new ModelStore(monaco);
    editorRef.current = instance;
    storeRef.current = store;
    bindApplicationShortcuts(monaco, instance, host, () => propsRef.current.onCommand);

    let lastLine = 0;
    const subscriptions = [
      instance.onDidChangeModelContent(() => {
        const model = instance.getModel();
        if (applyingRef.current || !model) return;
        const text = model.getValue();
        const recent = recentRef.current;
        recent.push(text);
        if (recent.length > RECENT_EMITS) recent.shift();
        propsRef.current.onChange(text);
      }),
      instance.onDidChangeCursorPosition((event) => {
        const line = event.position.lineNumber;
        if (line === lastLine) return;
        lastLine = line;
        propsRef.current.onCursorLine?.(line);
      }),
      instance.onDidChangeModel(() => {
        lastLine = 0;
      }),
    ];

    return () => {
      for (const subscription of subscriptions) subscription.dispose();
      instance.setModel(null);
      instance.dispose();
      store.dispose();
      editorRef.current = null;
      storeRef.current = null;
      pathRef.current = null;
    };
  }, []);

  // Switch files: each path has its own model, so undo history and view state survive the switch.
  useLayoutEffect(() => {
    const instance = editorRef.current;
    const store = storeRef.current;
    if (!instance || !store) return;
    const previous = pathRef.current;
    if (previous === path) return;
    if (previous !== null) store.saveViewState(previous, instance.saveViewState());
    const { value: initial } = propsRef.current;
    const model = store.open(path, initial, isLargeFile(initial) ? PLAIN_YAML_LANGUAGE : YAML_LANGUAGE);
    pathRef.current = path;
    recentRef.current = [];
    instance.setModel(model);
    const state = store.viewState(path);
    if (state) instance.restoreViewState(state);
  }, [path]);

  // Outside changes only: when the prop equals the model (the usual echo of our own onChange) or is a
  // value we emitted a moment ago, the model is left alone and the cursor stays where it is.
  useLayoutEffect(() => {
    const instance = editorRef.current;
    const model = instance?.getModel();
    if (!instance || !model) return;
    if (recentRef.current.includes(value) || model.getValue() === value) return;
    recentRef.current = [];
    applyingRef.current = true;
    try {
      replaceChangedSpan(setupMonaco(), model, value, instance);
    } finally {
      applyingRef.current = false;
    }
  }, [value, path]);

  useEffect(() => {
    const monaco = setupMonaco();
    const model = editorRef.current?.getModel();
    if (model) {
      const language = large ? PLAIN_YAML_LANGUAGE : YAML_LANGUAGE;
      if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
    }
    editorRef.current?.updateOptions(sizeDependentOptions(large));
    propsRef.current.onLargeFile?.(large);
  }, [large, path]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) applyMarkers(setupMonaco(), model, markers);
  }, [markers, path]);

  useEffect(() => {
    setupMonaco().editor.setTheme(monacoTheme(theme));
  }, [theme]);

  useEffect(() => {
    editorRef.current?.updateOptions({ readOnly, ariaLabel });
  }, [readOnly, ariaLabel]);

  useEffect(() => {
    applyKubernetesSchema(schemas ? buildKubernetesSchema(schemas) : null);
  }, [schemas]);

  useEffect(() => {
    const instance = editorRef.current;
    const model = instance?.getModel();
    if (!instance || !model || revealLine === undefined) return;
    const monaco = setupMonaco();
    const line = Math.min(Math.max(1, Math.floor(revealLine)), model.getLineCount());
    instance.revealLineInCenterIfOutsideViewport(line, monaco.editor.ScrollType.Smooth);
    instance.setPosition({ lineNumber: line, column: model.getLineFirstNonWhitespaceColumn(line) || 1 });
    const highlight = instance.createDecorationsCollection([
      {
        range: new monaco.Range(line, 1, line, 1),
        options: { isWholeLine: true, className: 'gitops-reveal-line' },
      },
    ]);
    const timer = setTimeout(() => highlight.clear(), REVEAL_HIGHLIGHT_MS);
    return () => {
      clearTimeout(timer);
      highlight.clear();
    };
  }, [revealLine]);

  const showNotice = large && props.largeFileNotice !== false;
  return (
    <div className={['gitops-yaml-editor', props.className].filter(Boolean).join(' ')}>
      {showNotice && (
        <div className="gitops-yaml-editor__notice" role="status">
          Large file: schema validation, completion and folding are off.
        </div>
      )}
      <div ref={hostRef} className="gitops-yaml-editor__host" />
    </div>
  );
}
