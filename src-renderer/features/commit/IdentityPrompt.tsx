import { useState } from 'react';
import type { GitIdentity } from '../../../src-shared/model';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useApiAction } from '../../state/use-api';

/** Shown when git has no author: stores one in the app settings, then the commit is retried. */
export function IdentityPrompt({ appId, onSaved }: { appId: string; onSaved(identity: GitIdentity): void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const update = useApiAction('apps.update');
  const save = async () => {
    const r = await update.run({ appId, changes: { author: { name, email } } });
    if (r) onSaved({ name, email });
  };
  return (
    <fieldset className="fieldset identity-prompt" role="group" aria-label="Commit identity">
      <legend>Who is committing?</legend>
      <p>
        Git has no author name and email for this repository (neither in its own config nor in your global git
        config). Set them for this app; they are saved in the app settings.
      </p>
      <div className="field-row">
        <label className="field">
          <span>Author name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} data-autofocus />
        </label>
        <label className="field">
          <span>Author email</span>
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
      </div>
      <button
        type="button"
        className="primary"
        disabled={!name || !email.includes('@') || update.busy}
        onClick={() => void save()}
      >
        Save identity and commit
      </button>
      <ErrorMessage error={update.error} />
    </fieldset>
  );
}
