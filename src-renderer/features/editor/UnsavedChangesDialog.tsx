import { Dialog } from '../../components/Dialog';
import type { LeaveChoice } from './use-editor';

export function UnsavedChangesDialog({
  path,
  onChoose,
}: {
  path: string;
  onChoose(choice: LeaveChoice): void;
}) {
  return (
    <Dialog
      title="Unsaved changes"
      size="small"
      onClose={() => onChoose('cancel')}
      footer={
        <>
          <button type="button" onClick={() => onChoose('cancel')}>
            Cancel
          </button>
          <button type="button" className="danger" onClick={() => onChoose('discard')}>
            Discard
          </button>
          <button type="button" className="primary" data-autofocus onClick={() => onChoose('save')}>
            Save
          </button>
        </>
      }
    >
      <p>
        <code>{path}</code> has changes that are not saved. Save them before leaving?
      </p>
    </Dialog>
  );
}
