import { useMemo } from 'react';
import type { ManifestProblem, OpenApiSchemas } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { EditorSuspense, YamlEditor, type EditorCommand } from '../../monaco';
import type { EditorController } from './use-editor';

interface Props {
  editor: EditorController;
  problems: ManifestProblem[];
  theme: 'light' | 'dark';
  schemas?: OpenApiSchemas | undefined;
  onCursorLine(line: number): void;
  onCommand(command: EditorCommand): void;
}

export function EditorPane({ editor, problems, theme, schemas, onCursorLine, onCommand }: Props) {
  const { buffer, dirty } = editor;
  const fileProblems = useMemo(
    () => (buffer ? problems.filter((p) => p.file === buffer.path) : []),
    [problems, buffer],
  );
  const markers = useMemo(
    () =>
      fileProblems.map((p) => ({
        line: p.line ?? 1,
        ...(p.column !== undefined ? { column: p.column } : {}),
        message: p.message,
        severity: 'error' as const,
      })),
    [fileProblems],
  );

  if (!buffer) {
    return (
      <section
        className="editor-pane editor-empty"
        aria-label="Editor"
        data-pane="editor"
        aria-busy={editor.loading}
      >
        {editor.loading ? (
          <Progress label="Opening file" />
        ) : (
          <p className="muted">Select a file, or press Ctrl+P to open one.</p>
        )}
        <ErrorMessage error={editor.error} />
      </section>
    );
  }

  return (
    <section
      className="editor-pane"
      aria-label="Editor"
      data-pane="editor"
      aria-busy={editor.loading || editor.saving}
    >
      <div className="editor-tabbar">
        <span className="editor-tab" title={buffer.path}>
          <span className="file-name">{buffer.path}</span>
          {dirty && (
            <span className="dirty-dot" role="img" aria-label="Unsaved changes" title="Unsaved changes">
              ●
            </span>
          )}
        </span>
        {buffer.restored && (
          <span className="restored-marker" role="status">
            Restored unsaved changes
            <button type="button" className="link-button" onClick={editor.discard}>
              Discard
            </button>
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          onClick={() => void editor.save()}
          disabled={!dirty || editor.saving}
          title="Save (Ctrl+S)"
        >
          {editor.saving ? 'Saving…' : 'Save'}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Close file"
          onClick={() => void editor.close()}
        >
          ×
        </button>
      </div>
      {editor.saving && <Progress label="Saving" />}
      {buffer.externalChange && (
        <div className="banner banner-warn" role="alert">
          <span>{buffer.path} changed on disk while you were editing it.</span>
          <button type="button" onClick={() => void editor.resolveExternal('reload')}>
            Reload
          </button>
          <button type="button" onClick={() => void editor.resolveExternal('keep')}>
            Keep mine
          </button>
        </div>
      )}
      {fileProblems.length > 0 && (
        <ul className="problem-strip" aria-label="Problems in this file">
          {fileProblems.map((p, i) => (
            <li key={i}>
              <button
                type="button"
                className="link-button"
                onClick={() => p.line && editor.open(buffer.path, p.line)}
              >
                {p.line ? `Line ${p.line}${p.column ? `:${p.column}` : ''}` : 'File'}
              </button>
              <span>{p.message}</span>
            </li>
          ))}
        </ul>
      )}
      <ErrorMessage error={editor.error} inline />
      <div className="editor-host">
        <EditorSuspense>
          <YamlEditor
            value={buffer.content}
            onChange={editor.edit}
            path={buffer.path}
            markers={markers}
            revealLine={editor.revealLine}
            onCursorLine={onCursorLine}
            onCommand={onCommand}
            theme={theme}
            schemas={schemas}
            ariaLabel={`Editor for ${buffer.path}`}
          />
        </EditorSuspense>
      </div>
    </section>
  );
}
