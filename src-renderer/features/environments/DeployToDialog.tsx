import { useState } from 'react';
import type { AppSettings } from '../../../src-shared/model';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useApiAction } from '../../state/use-api';
import { ContextFields, useTargetFields } from '../apps/ContextFields';
import { DialogActions } from '../../components/DialogActions';

interface Props {
  app: AppSettings;
  onClose(): void;
  onCreated(app: AppSettings): void;
}

/** "Deploy to another context…": a sibling app on the same repository and folder. */
export function DeployToDialog({ app, onClose, onCreated }: Props) {
  const { context, namespace, fields: targetFields } = useTargetFields(app.context, app.namespace);
  const [name, setName] = useState(`${app.name}-2`);
  const add = useApiAction('apps.add');
  const same = context === app.context && namespace === app.namespace;

  const submit = async () => {
    const created = await add.run({
      name,
      repoPath: app.repoPath,
      appPath: app.appPath,
      context,
      namespace,
      options: app.options,
      ...(app.author ? { author: app.author } : {}),
    });
    if (created) onCreated(created);
  };

  return (
    <Dialog
      title="Deploy to another context"
      onClose={onClose}
      busy={add.busy}
      footer={
        <DialogActions
          onCancel={onClose}
          label="Create environment"
          disabled={add.busy || same || !name}
          onAction={() => void submit()}
        />
      }
    >
      <p>
        A new app with the same manifests ({app.appPath || '/'} of this repository), synced to another cluster
        or namespace. Both appear side by side under Environments.
      </p>
      <label className="field">
        <span>Name</span>
        <input data-autofocus value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <ContextFields {...targetFields} />
      {same && (
        <p className="muted">
          Choose another context or namespace than {app.context} / {app.namespace}.
        </p>
      )}
      <ErrorMessage error={add.error} />
    </Dialog>
  );
}
