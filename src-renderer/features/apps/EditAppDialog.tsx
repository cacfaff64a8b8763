import { useState } from 'react';
import type { AppSettings } from '../../../src-shared/model';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useApiAction } from '../../state/use-api';
import { ContextFields, useTargetFields } from './ContextFields';
import { IgnoreRulesEditor, fromDrafts, toDrafts } from './IgnoreRulesEditor';
import { HelmFields } from './HelmFields';
import { DialogActions, DialogForm } from '../../components/DialogActions';

interface Props {
  app: AppSettings;
  onClose(): void;
  /** Focus the commit identity fields (opened from an identity-required error). */
  identityFocus?: boolean;
}

export function EditAppDialog({ app, onClose, identityFocus }: Props) {
  const [name, setName] = useState(app.name);
  const [appPath, setAppPath] = useState(app.appPath);
  const { context, namespace, fields: targetFields } = useTargetFields(app.context, app.namespace);
  const [options, setOptions] = useState(app.options);
  const [authorName, setAuthorName] = useState(app.author?.name ?? '');
  const [authorEmail, setAuthorEmail] = useState(app.author?.email ?? '');
  const [ignoreRules, setIgnoreRules] = useState(() => toDrafts(app.ignoreDifferences));
  const [helm, setHelm] = useState(app.helm ?? { valueFiles: [], set: [], includeCrds: true });
  const [follow, setFollow] = useState(app.followRemote?.intervalSeconds ?? 0);
  const update = useApiAction('apps.update');

  const save = async () => {
    const author = authorName && authorEmail ? { name: authorName, email: authorEmail } : undefined;
    const r = await update.run({
      appId: app.id,
      changes: {
        name,
        appPath,
        context,
        namespace,
        options,
        ...(author ? { author } : {}),
        ignoreDifferences: fromDrafts(ignoreRules),
        helm,
        followRemote: follow > 0 ? { intervalSeconds: follow } : null,
      },
    });
    if (r) onClose();
  };

  const option = (key: keyof typeof options, label: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={options[key]}
        onChange={(e) => setOptions({ ...options, [key]: e.target.checked })}
      />
      {label}
    </label>
  );

  return (
    <Dialog
      title={`Settings — ${app.name}`}
      onClose={onClose}
      busy={update.busy}
      footer={
        <DialogActions onCancel={onClose} label="Save settings" form="edit-app-form" disabled={update.busy} />
      }
    >
      <DialogForm id="edit-app-form" onSubmit={() => void save()}>
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-autofocus={identityFocus ? undefined : true}
          />
        </label>
        <div className="field">
          <span>Repository</span>
          <code className="muted">{app.repoPath}</code>
        </div>
        <label className="field">
          <span>Folder inside the repository</span>
          <input value={appPath} onChange={(e) => setAppPath(e.target.value)} spellCheck={false} />
        </label>
        <ContextFields {...targetFields} />
        <fieldset className="fieldset">
          <legend>Sync</legend>
          {option('autoSync', 'Sync automatically after each commit')}
          {option('selfHeal', 'Self-heal: revert changes made in the cluster')}
          {option('prune', 'Prune resources removed from git')}
        </fieldset>
        <IgnoreRulesEditor rules={ignoreRules} onChange={setIgnoreRules} />
        <HelmFields value={helm} onChange={setHelm} />
        <fieldset className="fieldset">
          <legend>Follow the remote branch</legend>
          <label className="field">
            <span>Fetch and fast-forward every (seconds, 0 = off)</span>
            <input
              type="number"
              min={0}
              max={86400}
              value={follow}
              onChange={(e) => setFollow(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
            />
          </label>
        </fieldset>
        <fieldset className="fieldset">
          <legend>Commit identity (used when git has none)</legend>
          <label className="field">
            <span>Author name</span>
            <input
              value={authorName}
              onChange={(e) => setAuthorName(e.target.value)}
              data-autofocus={identityFocus ? true : undefined}
            />
          </label>
          <label className="field">
            <span>Author email</span>
            <input type="email" value={authorEmail} onChange={(e) => setAuthorEmail(e.target.value)} />
          </label>
        </fieldset>
      </DialogForm>
      <ErrorMessage error={update.error} />
    </Dialog>
  );
}
