import { useEffect, useMemo, useRef, useState } from 'react';
import { Icon } from '../../components/Icon';
import { normaliseYaml } from './normalise-yaml';
import type { CompareWith, ResourceState } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { EditorSuspense, YamlDiffView } from '../../monaco';
import { useApiQuery } from '../../state/use-api';
import { IgnoreFieldActions } from './IgnoreFieldActions';

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

  const [sideBySide, setSideBySide] = useState(true);
  const [hideBookkeeping, setHideBookkeeping] = useState(true);
  const [maximised, setMaximised] = useState(false);
  // Children (Pods, ReplicaSets...) and other objects not in git have nothing to compare with, nor
  // has an object whose file has a problem: an empty git side would read as a deletion.
  const desiredUnknown = diff.data?.desiredUnknown;
  const liveOnly = !resource.source || desiredUnknown !== undefined;
  const live = useMemo(
    () => (diff.data ? normaliseYaml(diff.data.liveYaml, hideBookkeeping) : ''),
    [diff.data, hideBookkeeping],
  );
  const desired = useMemo(
    () => (diff.data ? normaliseYaml(diff.data.desiredYaml, hideBookkeeping) : ''),
    [diff.data, hideBookkeeping],
  );

  const desiredLabel = compareWith === 'HEAD' ? 'Desired (git HEAD)' : 'Desired (working tree)';
  return (
    <div
      className={`diff-panel ${maximised ? 'diff-maximised' : ''}`}
      aria-busy={diff.loading}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && maximised) {
          e.stopPropagation();
          setMaximised(false);
        }
      }}
    >
      <div className="diff-toolbar" role="toolbar" aria-label="Diff view">
        {!liveOnly && (
          <button type="button" aria-pressed={!sideBySide} onClick={() => setSideBySide((s) => !s)}>
            Inline
          </button>
        )}
        <label className="check">
          <input
            type="checkbox"
            checked={hideBookkeeping}
            onChange={(e) => setHideBookkeeping(e.target.checked)}
          />
          Hide bookkeeping metadata
        </label>
        <span className="spacer" />
        <button
          type="button"
          className="icon-button"
          aria-pressed={maximised}
          aria-label={maximised ? 'Restore the diff' : 'Maximise the diff'}
          title={maximised ? 'Restore (Escape)' : 'Maximise'}
          onClick={() => setMaximised((m) => !m)}
        >
          <Icon name={maximised ? 'restore' : 'maximize'} />
        </button>
      </div>
      {diff.loading && !diff.data && <Progress label="Loading the diff" />}
      <ErrorMessage error={diff.error} />
      {diff.data?.changedSecretKeys && diff.data.changedSecretKeys.length > 0 && (
        <p className="banner banner-info">
          Secret values are hidden. Keys whose values differ: {diff.data.changedSecretKeys.join(', ')}
        </p>
      )}
      {diff.data?.differingFields && (
        <IgnoreFieldActions
          appId={appId}
          resourceKey={resource.key}
          fields={diff.data.differingFields}
          onIgnored={reload}
        />
      )}
      {desiredUnknown && (
        <p className="banner banner-warn" role="status" aria-label="Git side unknown">
          {desiredUnknown}
        </p>
      )}
      {diff.data && liveOnly && (
        <section className="live-manifest" aria-label="Live manifest">
          <h3 className="subheading">
            {desiredUnknown
              ? 'Live manifest (what git defines cannot be read: nothing to compare with)'
              : 'Live manifest (not in git: nothing to compare with)'}
          </h3>
          <pre tabIndex={0}>{live}</pre>
        </section>
      )}
      {diff.data && !liveOnly && (
        <div className="diff-host">
          <EditorSuspense>
            <YamlDiffView
              original={live}
              modified={desired}
              renderSideBySide={sideBySide}
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
