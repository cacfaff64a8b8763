import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { DialogActions } from './DialogActions';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, children, confirmLabel, danger, busy, onConfirm, onCancel }: Props) {
  return (
    <Dialog
      title={title}
      size="small"
      onClose={onCancel}
      busy={busy}
      footer={
        <DialogActions
          onCancel={onCancel}
          label={confirmLabel}
          tone={danger ? 'danger' : 'primary'}
          disabled={busy}
          onAction={onConfirm}
        />
      }
    >
      {children}
    </Dialog>
  );
}
