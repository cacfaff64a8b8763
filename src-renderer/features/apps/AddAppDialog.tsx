import { useEffect, useId, useState } from 'react';
import type { AppSettings } from '../../../src-shared/model';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { useApi } from '../../api/ApiContext';
import { useApiAction, useApiQuery } from '../../state/use-api';
import { ContextFields, useTargetFields } from './ContextFields';
import { DialogActions, DialogForm } from '../../components/DialogActions';

interface Props {
  onClose(): void;
  onAdded(app: AppSettings): void;
}

function baseName(path: string): string {
  return (
    path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? ''
  );
}

export function AddAppDialog({ onClose, onAdded }: Props) {
  const api = useApi();
  const [name, setName] = useState('');
  const [repoPath, setRepoPath] = useState('');
  const [appPath, setAppPath] = useState('');
  const { context, namespace, fields: targetFields } = useTargetFields('', 'default');
  const [completions, setCompletions] = useState<string[]>([]);
  const [pickerUnavailable, setPickerUnavailable] = useState(false);
  const add = useApiAction('apps.add');
  const init = useApiAction('apps.initRepository');
  const listId = useId();
  // A browser page cannot open the machine's folder picker: offer typing with completion only.
  const inBrowser = useApiQuery('system.info', {}).data?.mode === 'browser';

  // Server-side completion: the browser cannot list folders itself.
  useEffect(() => {
    if (!repoPath) return;
    let live = true;
    const timer = setTimeout(() => {
      api.call('system.completePath', { prefix: repoPath }).then(
        (r) => live && setCompletions(r.entries.slice(0, 50)),
        () => live && setCompletions([]),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, repoPath]);

  const browse = async () => {
    try {
      const { path } = await api.call('system.pickFolder', {});
      if (path) {
        setRepoPath(path);
        if (!name) setName(baseName(path));
      } else setPickerUnavailable(true);
    } catch {
      setPickerUnavailable(true);
    }
  };

  const submit = async () => {
    const app = await add.run({ name: name || baseName(repoPath), repoPath, appPath, context, namespace });
    if (app) onAdded(app);
  };

  const initialise = async () => {
    const r = await init.run({ path: repoPath });
    if (r) {
      add.clearError();
      await submit();
    }
  };

  const busy = add.busy || init.busy;
  return (
    <Dialog
      title="Add app"
      onClose={onClose}
      busy={busy}
      footer={
        <DialogActions
          onCancel={onClose}
          label="Add app"
          form="add-app-form"
          disabled={busy || !repoPath || !context || !namespace}
        />
      }
    >
      <DialogForm id="add-app-form" onSubmit={() => void submit()}>
        <div className="field">
          <label htmlFor={`${listId}-repo`}>Repository folder</label>
          <div className="field-row">
            <input
              id={`${listId}-repo`}
              value={repoPath}
              list={listId}
              placeholder="/home/me/src/my-manifests"
              spellCheck={false}
              data-autofocus
              onChange={(e) => setRepoPath(e.target.value)}
              onBlur={() => !name && repoPath && setName(baseName(repoPath))}
              required
            />
            {!inBrowser && (
              <button type="button" onClick={() => void browse()}>
                Browse…
              </button>
            )}
          </div>
          <datalist id={listId}>
            {completions.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          {(pickerUnavailable || inBrowser) && (
            <small className="field-hint">
              No folder picker here: type the path; matching folders are suggested.
            </small>
          )}
        </div>
        <label className="field">
          <span>Folder inside the repository (optional)</span>
          <input
            value={appPath}
            placeholder="deploy/prod"
            spellCheck={false}
            onChange={(e) => setAppPath(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} />
        </label>
        <ContextFields {...targetFields} followContextNamespace />
      </DialogForm>
      {busy && <Progress label="Adding the app" />}
      <ErrorMessage error={add.error ?? init.error} />
      {add.error?.code === 'not-a-repository' && (
        <button type="button" className="primary" onClick={() => void initialise()} disabled={busy}>
          Initialise a git repository here
        </button>
      )}
    </Dialog>
  );
}
