/** An indeterminate (or determinate) progress bar for long operations. */
export function Progress({ label, value, max }: { label: string; value?: number; max?: number }) {
  const determinate = value !== undefined && max !== undefined && max > 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={determinate ? 0 : undefined}
      aria-valuemax={determinate ? max : undefined}
      aria-valuenow={determinate ? value : undefined}
      className={`progress ${determinate ? '' : 'progress-indeterminate'}`}
    >
      <div className="progress-fill" style={determinate ? { width: `${(100 * value) / max}%` } : undefined} />
    </div>
  );
}
