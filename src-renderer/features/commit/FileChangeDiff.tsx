import { useEffect, useState } from 'react';
import type { FileChange } from '../../../src-shared/model';
import { toApiError, type ApiError } from '../../../src-shared/errors';
import { useApi } from '../../api/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { EditorSuspense, YamlDiffView } from '../../monaco';

interface Props {
  appId: string;
  head: string | null;
  change: FileChange;
  theme: 'light' | 'dark';
}

/** HEAD's version of a file against the working tree's. */
export function FileChangeDiff({ appId, head, change, theme }: Props) {
  const api = useApi();
  const [texts, setTexts] = useState<{ before: string; after: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [revealSecret, setRevealSecret] = useState(false);

  useEffect(() => {
    let live = true;
    setTexts(null);
    setError(null);
    const before =
      head && change.change !== 'added' && change.change !== 'untracked'
        ? api.call('repo.fileAt', { appId, path: change.path, oid: head }).then((r) => r.content ?? '')
        : Promise.resolve('');
    const after =
      change.change === 'deleted'
        ? Promise.resolve('')
        : api.call('repo.readFile', { appId, path: change.path }).then((r) => r.content);
    Promise.all([before, after]).then(
      ([b, a]) => live && setTexts({ before: b, after: a }),
      (err: unknown) => live && setError(toApiError(err)),
    );
    return () => {
      live = false;
    };
  }, [api, appId, head, change.path, change.change]);

  return (
    <div className="diff-host" aria-busy={!texts && !error}>
      {!texts && !error && <Progress label={`Loading the diff of ${change.path}`} />}
      <ErrorMessage error={error} />
      {texts && hasSecret(texts) && !revealSecret && (
        <div className="banner banner-info">
          <span>This file defines a Secret, so its diff is hidden.</span>
          <button type="button" onClick={() => setRevealSecret(true)}>
            Show the diff
          </button>
        </div>
      )}
      {texts && (!hasSecret(texts) || revealSecret) && (
        <EditorSuspense>
          <YamlDiffView
            original={texts.before}
            modified={texts.after}
            originalLabel={`${change.path} (HEAD)`}
            modifiedLabel={`${change.path} (working tree)`}
            theme={theme}
            ariaLabel={`Changes to ${change.path}`}
          />
        </EditorSuspense>
      )}
    </div>
  );
}

const secretKind = /^kind:\s*["']?Secret["']?\s*$/m;

function hasSecret(texts: { before: string; after: string }): boolean {
  return secretKind.test(texts.before) || secretKind.test(texts.after);
}
