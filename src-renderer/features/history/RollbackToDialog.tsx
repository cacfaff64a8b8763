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
 * Roll back TO a commit (Argo CD's meaning): the app's files become what they were at that commit,
 * committed on top of HEAD, and that tree is synced. Before confirming it lists what comes back and
 * what goes away.
 */
export function RollbackToDialog({ app, commit, onClose }: Props) {
  const api = useApi();
  const now = useApiQuery('manifests.load', { appId: app.id, revision: 'HEAD' });
  const then = useApiQuery('manifests.load', { appId: app.id, revision: commit.oid });

  const changes = useMemo(() => {
    const before = new Map((now.data?.objects ?? []).map((o) => [o.id, o]));
    const after = new Map((then.data?.objects ?? []).map((o) => [o.id, o]));
    const rows: RollbackRow[] = [];
    for (const [id, o] of after)
      rows.push({
        label: describeKey(o.key),
        kind: o.key.kind,
        action: before.has(id) ? 'update' : 'create',
      });
    for (const [id, o] of before) {
      if (!after.has(id)) rows.push({ label: describeKey(o.key), kind: o.key.kind, action: 'prune' });
    }
    return rows.sort((a, b) => a.action.localeCompare(b.action) || a.label.localeCompare(b.label));
  }, [now.data, then.data]);

  const loading = now.loading || then.loading;
  const subject = commit.message.split('\n')[0];
  return (
    <RollbackFrame
      app={app}
      title="Roll back to this commit"
      confirmLabel="Roll back and sync"
      loading={loading}
      rows={changes}
      appObjects={now.data?.objects.length ?? 0}
      pruneLabel={(removed) =>
        `Prune resources that were not in that commit${removed > 0 ? ` (${removed})` : ''}`
      }
      run={async (options) => {
        const r = await api.call('rollback.toRevision', { appId: app.id, oid: commit.oid, options });
        return { syncId: r.syncId };
      }}
      onClose={onClose}
    >
      <p>
        Make the app&apos;s files what they were at <code>{shortOid(commit.oid)}</code> “{subject}”, as a new
        commit on top of the current one, then sync that.
      </p>
      <TargetLine app={app} verb="Sync to" />
      {loading && <Progress label="Reading both revisions" />}
      <ErrorMessage error={now.error ?? then.error} />
    </RollbackFrame>
  );
}
