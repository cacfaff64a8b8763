import { useState } from 'react';
import type { ApiError } from '../../../src-shared/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { ContextFields } from './ContextFields';

interface Props {
  busy: boolean;
  error: ApiError | null;
  onCreate(target: { context: string; namespace: string }): void;
  onClose(): void;
}

/** "Try the sample app" asks where it goes first: nothing reaches a cluster the user did not pick. */
export function SampleAppDialog({ busy, error, onCreate, onClose }: Props) {
  const [context, setContext] = useState('');
  // The sample's manifests create and use the "guestbook" namespace.
  const [namespace, setNamespace] = useState('guestbook');
  return (
    <Dialog
      title="Try the sample app"
      onClose={onClose}
      busy={busy}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="sample-app-form"
            className="primary"
            disabled={busy || !context || !namespace}
          >
            Create sample app
          </button>
        </>
      }
    >
      <p>
        A small guestbook (Namespace, Deployment, Service, ConfigMap) in a fresh git repository. Nothing is
        applied until you press Sync.
      </p>
      <form
        id="sample-app-form"
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          onCreate({ context, namespace });
        }}
      >
        <ContextFields
          context={context}
          namespace={namespace}
          onContext={setContext}
          onNamespace={setNamespace}
        />
      </form>
      {busy && <Progress label="Creating the sample app" />}
      <ErrorMessage error={error} />
    </Dialog>
  );
}
