import { useCallback, useEffect, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../../../src-shared/errors';
import { useApi } from '../../api/ApiContext';
import { useToasts } from '../../components/Toasts';
import { useRegisterLeaveCheck } from '../../state/leave-guard';
import { clearBuffer, loadBuffer, storeBuffer } from '../../state/unsaved-buffers';

export interface EditorBuffer {
  path: string;
  content: string;
  /** The file as last read from or written to disk. */
  base: string;
  restored: boolean;
  /** The file changed on disk while this buffer held edits. */
  externalChange: boolean;
  /** What is on disk now, when it changed under unsaved edits. */
  diskContent?: string;
}

export type LeaveChoice = 'save' | 'discard' | 'cancel';

/**
 * The one open file of an app: loading, editing (mirrored to localStorage so nothing typed is
 * lost), saving, and asking before unsaved edits would be left behind.
 */
export function useEditor(appId: string) {
  const api = useApi();
  const toasts = useToasts();
  const [buffer, setBuffer] = useState<EditorBuffer | null>(null);
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [revealLine, setRevealLine] = useState<number | undefined>(undefined);
  const [leavePrompt, setLeavePrompt] = useState<{ path: string; resolve(choice: LeaveChoice): void } | null>(
    null,
  );
  const bufferRef = useRef(buffer);
  bufferRef.current = buffer;
  const storeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const dirty = buffer !== null && buffer.content !== buffer.base;

  const load = useCallback(
    async (path: string, line?: number) => {
      setLoading(true);
      setError(null);
      try {
        const { content } = await api.call('repo.readFile', { appId, path });
        const stored = loadBuffer(appId, path);
        const restored = stored !== null && stored.content !== content;
        setBuffer({
          path,
          content: restored ? stored.content : content,
          base: content,
          restored,
          externalChange: restored && stored.base !== content,
        });
        if (stored && !restored) clearBuffer(appId, path);
        setRevealLine(line);
      } catch (err) {
        setError(toApiError(err));
        setBuffer(null);
      } finally {
        setLoading(false);
      }
    },
    [api, appId],
  );

  const saveNow = useCallback(async (): Promise<boolean> => {
    const b = bufferRef.current;
    if (!b) return true;
    setSaving(true);
    try {
      await api.call('repo.writeFile', { appId, path: b.path, content: b.content });
      clearTimeout(storeTimer.current);
      clearBuffer(appId, b.path);
      setBuffer((cur) =>
        cur && cur.path === b.path
          ? { ...cur, base: b.content, restored: false, externalChange: false }
          : cur,
      );
      setError(null);
      return true;
    } catch (err) {
      const e = toApiError(err);
      setError(e);
      toasts.show('error', `Could not save ${b.path}: ${e.message}`);
      return false;
    } finally {
      setSaving(false);
    }
  }, [api, appId, toasts]);

  const inFlight = useRef<Promise<boolean> | null>(null);
  const save = useCallback((): Promise<boolean> => {
    // The shortcut can arrive twice (the editor's own binding and the window's): one write.
    inFlight.current ??= saveNow().finally(() => {
      inFlight.current = null;
    });
    return inFlight.current;
  }, [saveNow]);

  const discard = useCallback(() => {
    const b = bufferRef.current;
    if (!b) return;
    clearTimeout(storeTimer.current);
    clearBuffer(appId, b.path);
    setBuffer({ ...b, content: b.base, restored: false, externalChange: false });
  }, [appId]);

  /** Asks Save / Discard / Cancel when the open buffer is dirty; true when it is fine to move on. */
  const confirmLeave = useCallback(async (): Promise<boolean> => {
    const b = bufferRef.current;
    if (!b || b.content === b.base) return true;
    const choice = await new Promise<LeaveChoice>((resolve) => setLeavePrompt({ path: b.path, resolve }));
    setLeavePrompt(null);
    if (choice === 'cancel') return false;
    if (choice === 'save') return save();
    discard();
    return true;
  }, [save, discard]);

  useRegisterLeaveCheck(confirmLeave);

  const open = useCallback(
    async (path: string, line?: number): Promise<boolean> => {
      const b = bufferRef.current;
      if (b && b.path === path) {
        if (line !== undefined) setRevealLine(line);
        return true;
      }
      if (!(await confirmLeave())) return false;
      await load(path, line);
      return true;
    },
    [confirmLeave, load],
  );

  const edit = useCallback(
    (content: string) => {
      setBuffer((cur) => (cur ? { ...cur, content } : cur));
      const b = bufferRef.current;
      if (!b) return;
      // Monaco reports edits outside React's event system, so the render that refreshes the ref
      // can come after a Ctrl+S pressed right after typing: the ref must already hold the text
      // that save() writes, or the last keystrokes are left out of the file.
      bufferRef.current = { ...b, content };
      clearTimeout(storeTimer.current);
      // Debounced: a 2 MB file is not serialised on every keystroke.
      storeTimer.current = setTimeout(() => {
        if (content === b.base) clearBuffer(appId, b.path);
        else storeBuffer(appId, b.path, content, b.base);
      }, 250);
    },
    [appId],
  );

  /** Called with the paths of a repo.changed event. */
  const onExternalChange = useCallback(
    async (paths: string[]) => {
      const b = bufferRef.current;
      if (!b || (paths.length > 0 && !paths.includes(b.path))) return;
      let content: string;
      try {
        content = (await api.call('repo.readFile', { appId, path: b.path })).content;
      } catch {
        return; // Deleted or unreadable: keep the buffer; saving recreates the file.
      }
      setBuffer((cur) => {
        if (!cur || cur.path !== b.path || content === cur.base) return cur;
        if (cur.content === cur.base) return { ...cur, content, base: content };
        return { ...cur, externalChange: true, diskContent: content };
      });
    },
    [api, appId],
  );

  const resolveExternal = useCallback(
    async (choice: 'reload' | 'keep') => {
      const b = bufferRef.current;
      if (!b) return;
      if (choice === 'keep') {
        const diskBase = b.diskContent ?? b.base;
        storeBuffer(appId, b.path, b.content, diskBase);
        setBuffer({
          path: b.path,
          content: b.content,
          base: diskBase,
          restored: b.restored,
          externalChange: false,
        });
        return;
      }
      clearBuffer(appId, b.path);
      await load(b.path);
    },
    [appId, load],
  );

  const close = useCallback(async () => {
    if (await confirmLeave()) setBuffer(null);
  }, [confirmLeave]);

  useEffect(() => () => clearTimeout(storeTimer.current), []);

  return {
    buffer,
    dirty,
    loading,
    saving,
    error,
    revealLine,
    leavePrompt,
    open,
    edit,
    save,
    discard,
    close,
    confirmLeave,
    onExternalChange,
    resolveExternal,
    dismissRestored: () => setBuffer((cur) => (cur ? { ...cur, restored: false } : cur)),
  };
}

export type EditorController = ReturnType<typeof useEditor>;
