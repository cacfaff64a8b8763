import type { ReactNode } from 'react';

interface ActionsProps {
  onCancel(): void;
  /** The main action's text. */
  label: string;
  disabled?: boolean;
  /** 'danger' for an action that deletes or rewrites. */
  tone?: 'primary' | 'danger';
  /** Submit this form (by id)... */
  form?: string;
  /** ...or run this on a click. */
  onAction?(): void;
}

/** A dialog's footer: Cancel, then its main action. */
export function DialogActions({ onCancel, label, disabled, tone = 'primary', form, onAction }: ActionsProps) {
  return (
    <>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button
        type={form ? 'submit' : 'button'}
        form={form}
        className={tone}
        disabled={disabled}
        onClick={onAction}
      >
        {label}
      </button>
    </>
  );
}

/** A dialog's form: Enter or the footer's submit button runs `onSubmit`, never a page load. */
export function DialogForm({
  id,
  onSubmit,
  children,
}: {
  id: string;
  onSubmit(): void;
  children: ReactNode;
}) {
  return (
    <form
      id={id}
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
