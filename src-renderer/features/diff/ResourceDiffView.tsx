import { useEffect, useRef } from 'react';
import type { CompareWith, ResourceState } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { EditorSuspense, YamlDiffView } from '../../monaco';
import { useApiQuery } from '../../state/use-api';

interface Props {
  appId: string;
  resource: ResourceState;
  compareWith: CompareWith;
  theme: 'light' | 'dark';
  /** Changes when the app state changes, so the diff follows the cluster. */
  revision: string;
}

/** Desired (git) against live (cluster), both after server-side normalisation; Secrets arrive masked. */
export function ResourceDiffView({ appId, resource, compareWith, theme, revision }: Props) {
  const diff = useApiQuery('state.diff', { appId, resourceId: resource.id, compareWith });
  const { reload } = diff;
  // Re-fetch when the comparison moved on (state.changed), without flashing the old diff away.
  const stamp = `${revision}:${resource.sync}:${resource.health}:${resource.info ?? ''}`;
  useStampReload(stamp, reload);

  const desiredLabel = compareWith === 'HEAD' ? 'Desired (git HEAD)' : 'Desired (working tree)';
  return (
    <div className="diff-panel" aria-busy={diff.loading}>
      {diff.loading && !diff.data && <Progress label="Loading the diff" />}
      <ErrorMessage error={diff.error} />
      {diff.data?.changedSecretKeys && diff.data.changedSecretKeys.length > 0 && (
        <p className="banner banner-info">
          Secret values are hidden. Keys whose values differ: {diff.data.changedSecretKeys.join(', ')}
        </p>
      )}
      {diff.data && (
        <div className="diff-host">
          <EditorSuspense>
            <YamlDiffView
              original={diff.data.liveYaml}
              modified={diff.data.desiredYaml}
              originalLabel="Live (cluster)"
              modifiedLabel={desiredLabel}
              theme={theme}
              ariaLabel={`Diff of ${resource.key.kind} ${resource.key.name}: live against ${desiredLabel.toLowerCase()}`}
            />
          </EditorSuspense>
        </div>
      )}
    </div>
  );
}

function useStampReload(stamp: string, reload: () => void) {
  const first = useRef(stamp);
  useEffect(() => {
    if (stamp !== first.current) {
      first.current = stamp;
      reload();
    }
  }, [stamp, reload]);
}
