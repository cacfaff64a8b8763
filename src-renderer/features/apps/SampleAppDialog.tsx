import type { ApiError } from '../../../src-shared/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Progress } from '../../components/Progress';
import { ContextFields, useTargetFields } from './ContextFields';
import { DialogActions, DialogForm } from '../../components/DialogActions';

interface Props {
  busy: boolean;
  error: ApiError | null;
  onCreate(target: { context: string; namespace: string }): void;
  onClose(): void;
}

/** "Try the sample app" asks where it goes first: nothing reaches a cluster the user did not pick. */
export function SampleAppDialog({ busy, error, onCreate, onClose }: Props) {
  // The sample's manifests create and use the "guestbook" namespace.
  const { context, namespace, fields: targetFields } = useTargetFields('', 'guestbook');
  return (
    <Dialog
      title="Try the sample app"
      onClose={onClose}
      busy={busy}
      footer={
        <DialogActions
          onCancel={onClose}
          label="Create sample app"
          form="sample-app-form"
          disabled={busy || !context || !namespace}
        />
      }
    >
      <p>
        A small guestbook (Namespace, Deployment, Service, ConfigMap) in a fresh git repository. Nothing is
        applied until you press Sync.
      </p>
      <DialogForm id="sample-app-form" onSubmit={() => onCreate({ context, namespace })}>
        <ContextFields {...targetFields} />
      </DialogForm>
      {busy && <Progress label="Creating the sample app" />}
      <ErrorMessage error={error} />
    </Dialog>
  );
}
