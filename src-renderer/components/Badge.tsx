import { useId } from 'react';
import type { HealthStatus, SyncStatus } from '../../src-shared/model';
import { displaySync, healthTone, syncTone, type Tone } from '../state/status';

interface Props {
  label: string;
  tone: Tone;
  /** Why: shown on hover and exposed as the accessible description. */
  reason?: string;
  kind: 'sync' | 'health';
}

export function Badge({ label, tone, reason, kind }: Props) {
  const id = useId();
  return (
    <span
      className={`badge badge-${tone} badge-${kind}`}
      title={reason ? `${label}: ${reason}` : label}
      aria-describedby={reason ? id : undefined}
    >
      {/* The shape comes from CSS, so it is not text: names read "Synced", never "● Synced". */}
      <span aria-hidden="true" className={`badge-icon badge-icon-${tone}`} />
      {label}
      {reason && (
        <span id={id} className="visually-hidden">
          {reason}
        </span>
      )}
    </span>
  );
}

export function SyncBadge({ status, reason }: { status: SyncStatus; reason?: string | undefined }) {
  const shown = displaySync(status);
  const why = status === 'Missing' ? (reason ?? 'Not in the cluster yet') : reason;
  return <Badge kind="sync" label={shown} tone={syncTone(shown)} reason={why} />;
}

export function HealthBadge({ status, reason }: { status: HealthStatus; reason?: string | undefined }) {
  return <Badge kind="health" label={status} tone={healthTone(status)} reason={reason} />;
}
