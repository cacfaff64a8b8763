import { useEffect, useMemo, useState } from 'react';
import type { AppState, FileChange, GitIdentity, ManifestProblem, RepoInfo } from '../../../src-shared/model';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiAction, useApiQuery } from '../../state/use-api';
import { changeLetter } from '../editor/file-tree';
import { FileChangeDiff } from './FileChangeDiff';
import { IdentityPrompt } from './IdentityPrompt';
import { TargetLine } from '../apps/TargetLine';
import { ProblemItems } from '../../components/ProblemItems';

interface Props {
  appId: string;
  info: RepoInfo | undefined;
  changes: FileChange[];
  /** Files with unsaved editor edits: committing them commits what is on disk. */
  unsavedPaths: ReadonlySet<string>;
  theme: 'light' | 'dark';
  onClose(): void;
  onCommitted(oid: string): void;
  submitLabel?: string;
  /** Set for "commit and sync": the cluster the commit is then synced to, named in the dialog. */
  syncTarget?: { context: string; namespace: string } | undefined;
}

export function CommitDialog({
  appId,
  info,
  changes,
  unsavedPaths,
  theme,
  onClose,
  onCommitted,
  submitLabel = 'Commit',
  syncTarget,
}: Props) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(changes.map((c) => c.path)));
  const [previewPath, setPreviewPath] = useState<string | null>(changes[0]?.path ?? null);
  // Files that show up while the dialog is open (a save just before it opened) start selected too;
  // what the user unticked stays unticked.
  const [offered, setOffered] = useState<ReadonlySet<string>>(() => new Set(changes.map((c) => c.path)));
  useEffect(() => {
    const fresh = changes.map((c) => c.path).filter((p) => !offered.has(p));
    if (fresh.length === 0) return;
    setOffered((cur) => new Set([...cur, ...fresh]));
    setSelected((cur) => new Set([...cur, ...fresh]));
    setPreviewPath((cur) => cur ?? fresh[0]!);
  }, [changes, offered]);
  const [message, setMessage] = useState('');
  const [identity, setIdentity] = useState<GitIdentity | null>(info?.identity ?? null);
  const commit = useApiAction('repo.commit');
  const preview = changes.find((c) => c.path === previewPath) ?? null;
  const paths = useMemo(
    () => changes.filter((c) => selected.has(c.path)).map((c) => c.path),
    [changes, selected],
  );
  const canCommit = paths.length > 0 && message.trim().length > 0 && !commit.busy;
  // Files that do not parse: committing them is allowed, but a sync then keeps their objects as
  // they are (never pruned) and refuses prune for the app, so the user is told before committing.
  const worktree = useApiQuery('manifests.load', { appId, revision: 'worktree' });
  // The cluster's verdict on the working tree adds what parsing cannot see: a kind it does not
  // serve, and objects its dry run refuses (a wrong type, an unknown field, an invalid value).
  const verdict = useApiQuery('state.get', { appId, compareWith: 'worktree' });
  const broken = uniqueProblems([
    ...(worktree.data?.problems ?? []),
    ...(verdict.data?.problems ?? []),
  ]).filter((p) => selected.has(p.file));
  const rejected = rejectedProblems(verdict.data).filter((p) => selected.has(p.file));

  useEffect(() => setIdentity(info?.identity ?? null), [info?.identity]);

  const submit = async () => {
    if (!canCommit) return;
    const r = await commit.run({ appId, paths, message: message.trim() });
    if (r) onCommitted(r.oid);
  };

  const toggle = (path: string) =>
    setSelected((cur) => {
      const next = new Set(cur);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const allChecked = selected.size === changes.length && changes.length > 0;
  return (
    <Dialog
      title="Commit changes"
      size="large"
      onClose={onClose}
      busy={commit.busy}
      footer={
        <>
          <span className="footer-note muted">Ctrl+Enter to commit</span>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!canCommit} onClick={() => void submit()}>
            {submitLabel}
          </button>
        </>
      }
    >
      {syncTarget && <TargetLine app={syncTarget} verb="Then sync to" />}
      <div
        className="commit-layout"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <div className="commit-side">
          {changes.length === 0 ? (
            <p className="muted">Nothing to commit: the working tree matches HEAD.</p>
          ) : (
            <fieldset className="fieldset">
              <legend>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={allChecked}
                    aria-label="Select all changed files"
                    onChange={() => setSelected(allChecked ? new Set() : new Set(changes.map((c) => c.path)))}
                  />
                  Changed files ({paths.length}/{changes.length})
                </label>
              </legend>
              <ul className="change-list">
                {changes.map((c) => (
                  <li key={c.path} className={c.path === previewPath ? 'active' : undefined}>
                    <input
                      type="checkbox"
                      aria-label={c.path}
                      checked={selected.has(c.path)}
                      onChange={() => toggle(c.path)}
                    />
                    <button
                      type="button"
                      className="link-button file-name"
                      onClick={() => setPreviewPath(c.path)}
                      aria-label={`Show changes to ${c.path}`}
                    >
                      {c.path}
                    </button>
                    {unsavedPaths.has(c.path) && (
                      <span className="warn-text" title="The editor holds unsaved changes to this file">
                        unsaved
                      </span>
                    )}
                    <span className={`change-mark change-${c.change}`} title={c.change}>
                      {changeLetter[c.change]}
                    </span>
                  </li>
                ))}
              </ul>
            </fieldset>
          )}
          {broken.length > 0 && (
            <div className="banner banner-warn banner-list" role="alert" aria-label="Files with problems">
              <span>
                {broken.length === 1 ? 'A selected file has a problem' : 'Selected files have problems'}; you
                can still commit, but until it is fixed a sync leaves the objects of{' '}
                {broken.length === 1 ? 'this file' : 'these files'} as they are and does not prune:
              </span>
              <ul>
                <ProblemItems problems={broken} />
              </ul>
            </div>
          )}
          {rejected.length > 0 && (
            <div
              className="banner banner-warn banner-list"
              role="alert"
              aria-label="Objects the cluster rejects"
            >
              <span>
                The cluster refuses {rejected.length === 1 ? 'an object' : `${rejected.length} objects`} of
                the selected files as {rejected.length === 1 ? 'it is' : 'they are'}; you can still commit:
              </span>
              <ul>
                <ProblemItems problems={rejected} />
              </ul>
            </div>
          )}
          <label className="field">
            <span>Commit message</span>
            <textarea
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              rows={4}
              data-autofocus
              placeholder="Scale the guestbook to two replicas"
            />
          </label>
          <p className="muted author-line">
            {identity ? (
              <>
                Author: <strong>{identity.name}</strong> &lt;{identity.email}&gt;
                {info?.identitySource && (
                  <>
                    {' '}
                    (from{' '}
                    {info.identitySource === 'app' ? 'app settings' : `${info.identitySource} git config`})
                  </>
                )}
              </>
            ) : (
              'No commit identity found yet.'
            )}
          </p>
          {commit.busy && <Progress label="Committing" />}
          {commit.error?.code === 'identity-required' ? (
            <IdentityPrompt
              appId={appId}
              onSaved={(id) => {
                setIdentity(id);
                commit.clearError();
                void submit();
              }}
            />
          ) : (
            <ErrorMessage error={commit.error} />
          )}
        </div>
        <div className="commit-preview">
          {preview ? (
            <FileChangeDiff appId={appId} head={info?.head ?? null} change={preview} theme={theme} />
          ) : (
            <p className="muted pad">Select a file to see its changes.</p>
          )}
        </div>
      </div>
    </Dialog>
  );
}

function uniqueProblems(problems: ManifestProblem[]): ManifestProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line ?? ''}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The objects the server refuses, each as "file:line Kind name: reason". */
function rejectedProblems(state: AppState | undefined): ManifestProblem[] {
  return (state?.resources ?? []).flatMap((r) =>
    r.rejected && r.source
      ? [
          {
            file: r.source.file,
            line: r.source.startLine,
            message: `${r.key.kind} ${r.key.name}: ${r.syncReason ?? 'rejected by the server'}`,
          },
        ]
      : [],
  );
}
