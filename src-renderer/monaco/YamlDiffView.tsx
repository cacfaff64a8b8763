import { useEffect, useLayoutEffect, useRef } from 'react';
import type { editor } from 'monaco-editor/esm/vs/editor/editor.api.js';
import { baseOptions, monacoTheme } from './editor-options';
import { PLAIN_YAML_LANGUAGE, setupMonaco } from './monaco-setup';
import type { YamlDiffViewProps } from './types';
import './monaco.css';

interface DiffState {
  widget: editor.IStandaloneDiffEditor;
  original: editor.ITextModel;
  modified: editor.ITextModel;
}

/**
 * Read-only comparison of two YAML texts. Its models use the highlight-only language, so the schema
 * service never validates (or marks) text the user cannot edit here.
 */
export function YamlDiffView(props: YamlDiffViewProps) {
  const {
    original,
    modified,
    originalLabel,
    modifiedLabel,
    theme,
    ariaLabel,
    renderSideBySide = true,
  } = props;
  const hostRef = useRef<HTMLDivElement>(null);
  const stateRef = useRef<DiffState | null>(null);
  const initialRef = useRef(props);

  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const monaco = setupMonaco();
    const initial = initialRef.current;
    const widget = monaco.editor.createDiffEditor(host, {
      ...baseOptions,
      readOnly: true,
      originalEditable: false,
      renderSideBySide: initial.renderSideBySide ?? true,
      useInlineViewWhenSpaceIsLimited: false,
      // A whitespace-only change is a change to YAML (indentation is structure): always shown.
      ignoreTrimWhitespace: false,
      ariaLabel: initial.ariaLabel,
      originalAriaLabel: `${initial.ariaLabel}: ${initial.originalLabel}`,
      modifiedAriaLabel: `${initial.ariaLabel}: ${initial.modifiedLabel}`,
      theme: monacoTheme(initial.theme),
    });
    const originalModel = monaco.editor.createModel(initial.original, PLAIN_YAML_LANGUAGE);
    const modifiedModel = monaco.editor.createModel(initial.modified, PLAIN_YAML_LANGUAGE);
    widget.setModel({ original: originalModel, modified: modifiedModel });
    stateRef.current = { widget, original: originalModel, modified: modifiedModel };
    return () => {
      stateRef.current = null;
      // The widget throws if its models go first, so detach them before anything is disposed.
      widget.setModel(null);
      widget.dispose();
      originalModel.dispose();
      modifiedModel.dispose();
    };
  }, []);

  useEffect(() => {
    const state = stateRef.current;
    if (state && state.original.getValue() !== original) state.original.setValue(original);
  }, [original]);

  useEffect(() => {
    const state = stateRef.current;
    if (state && state.modified.getValue() !== modified) state.modified.setValue(modified);
  }, [modified]);

  useEffect(() => {
    const widget = stateRef.current?.widget;
    if (!widget) return;
    widget.updateOptions({ renderSideBySide });
    widget.getOriginalEditor().updateOptions({ ariaLabel: `${ariaLabel}: ${originalLabel}` });
    widget.getModifiedEditor().updateOptions({ ariaLabel: `${ariaLabel}: ${modifiedLabel}` });
  }, [renderSideBySide, ariaLabel, originalLabel, modifiedLabel]);

  useEffect(() => {
    setupMonaco().editor.setTheme(monacoTheme(theme));
  }, [theme]);

  return (
    <div className={['gitops-yaml-editor', 'gitops-yaml-diff', props.className].filter(Boolean).join(' ')}>
      <div className="gitops-yaml-diff__labels">
        {renderSideBySide ? (
          <>
            <span title={originalLabel}>{originalLabel}</span>
            <span title={modifiedLabel}>{modifiedLabel}</span>
          </>
        ) : (
          <span title={`${originalLabel} → ${modifiedLabel}`}>
            {originalLabel} → {modifiedLabel}
          </span>
        )}
      </div>
      <div ref={hostRef} className="gitops-yaml-editor__host" role="group" aria-label={ariaLabel} />
    </div>
  );
}
