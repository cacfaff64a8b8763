import { useState } from 'react';
import type { CommitInfo } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { EditorSuspense, YamlDiffView } from '../../monaco';
import { useApiQuery } from '../../state/use-api';
import { shortOid } from '../../state/status';

/** The files a commit changed and, for the chosen one, its diff against the parent. */
export function CommitDetails({
  appId,
  commit,
  theme,
}: {
  appId: string;
  commit: CommitInfo;
  theme: 'light' | 'dark';
}) {
  const files = useApiQuery('repo.commitFiles', { appId, oid: commit.oid });
  const [chosen, setChosen] = useState<string | null>(null);
  const path = chosen ?? files.data?.files[0]?.path ?? null;
  const diff = useApiQuery(
    'repo.fileDiff',
    path ? { appId, path, from: commit.parents[0] ?? null, to: commit.oid } : null,
  );

  return (
    <section className="commit-details" aria-label={`Commit ${shortOid(commit.oid)}`}>
      <div className="commit-files">
        {files.loading && <Progress label="Loading the commit" />}
        <ErrorMessage error={files.error} />
        <ul className="plain-list" aria-label="Files in this commit">
          {files.data?.files.map((f) => (
            <li key={f.path} className={f.path === path ? 'active' : undefined}>
              <button
                type="button"
                className="link-button file-name"
                onClick={() => setChosen(f.path)}
                aria-pressed={f.path === path}
              >
                {f.path}
              </button>
              <span className={`change-mark change-${f.change}`}>{f.change[0]!.toUpperCase()}</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="diff-host">
        {diff.loading && <Progress label="Loading the diff" />}
        <ErrorMessage error={diff.error} />
        {diff.data && path && (
          <EditorSuspense>
            <YamlDiffView
              original={diff.data.before ?? ''}
              modified={diff.data.after ?? ''}
              originalLabel={`${path} @ ${shortOid(commit.parents[0])}`}
              modifiedLabel={`${path} @ ${shortOid(commit.oid)}`}
              theme={theme}
              ariaLabel={`Changes to ${path} in commit ${shortOid(commit.oid)}`}
            />
          </EditorSuspense>
        )}
      </div>
    </section>
  );
}
