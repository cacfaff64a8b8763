import { useMemo } from 'react';
import type { AppSettings, CommitInfo } from '../../../src-shared/model';
import { describeKey } from '../../../src-shared/resource-id';
import { useApi } from '../../api/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApiQuery } from '../../state/use-api';
import { shortOid } from '../../state/status';
import { TargetLine } from '../apps/TargetLine';
import { RollbackFrame, type RollbackRow } from './RollbackFrame';

interface Props {
  app: AppSettings;
  commit: CommitInfo;
  onClose(): void;
}

/**
 * Rollback = a commit reverting `commit`, then a sync of the new HEAD. Before confirming, it shows
 * what the revert touches: the files and the resources defined in them.
 */
export function RollbackDialog({ app, commit, onClose }: Props) {
  const api = useApi();
  const files = useApiQuery('repo.commitFiles', { appId: app.id, oid: commit.oid });
  const parent = commit.parents[0];
  const before = useApiQuery('manifests.load', parent ? { appId: app.id, revision: parent } : null);
  const after = useApiQuery('manifests.load', { appId: app.id, revision: commit.oid });

  const affected = useMemo(() => {
    const changed = new Set(files.data?.files.map((f) => f.path) ?? []);
    const rows = new Map<string, RollbackRow>();
    const inBefore = new Set(before.data?.objects.map((o) => o.id) ?? []);
    for (const o of after.data?.objects ?? []) {
      if (changed.has(o.source.file))
        rows.set(o.id, {
          label: describeKey(o.key),
          action: inBefore.has(o.id) || !parent ? 'update' : 'prune',
          kind: o.key.kind,
        });
    }
    for (const o of before.data?.objects ?? []) {
      if (changed.has(o.source.file) && !rows.has(o.id))
        rows.set(o.id, { label: describeKey(o.key), action: 'create', kind: o.key.kind });
    }
    return [...rows.values()];
  }, [files.data, before.data, after.data, parent]);

  const loading = files.loading || after.loading || before.loading;
  const pruned = affected.filter((r) => r.action === 'prune').length;
  const subject = commit.message.split('\n')[0];
  return (
    <RollbackFrame
      app={app}
      title="Revert this commit"
      confirmLabel="Revert and sync"
      loading={loading}
      rows={affected}
      rowsHeading="Resources affected"
      appObjects={(before.data?.objects.length ?? 0) + pruned}
      pruneLabel={() => 'Prune resources the revert removes'}
      run={async (options) => {
        const r = await api.call('sync.rollback', { appId: app.id, oid: commit.oid, options });
        return { syncId: r.syncId };
      }}
      onClose={onClose}
    >
      <p>
        Revert commit <code>{shortOid(commit.oid)}</code> “{subject}” with a new commit, then sync it.
      </p>
      <TargetLine app={app} verb="Sync to" />
      {loading && <Progress label="Working out the rollback" />}
      <ErrorMessage error={files.error ?? after.error} />
      {files.data && (
        <>
          <h3 className="subheading">Files restored</h3>
          <ul className="plain-list">
            {files.data.files.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code> <span className="muted">({f.change} in that commit)</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </RollbackFrame>
  );
}
