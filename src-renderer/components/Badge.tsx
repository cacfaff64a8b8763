import { useId } from 'react';
import type { HealthStatus, SyncStatus } from '../../src-shared/model';
import { healthTone, syncTone, type Tone } from '../state/status';

interface Props {
  label: string;
  tone: Tone;
  /** Why: shown on hover and exposed as the accessible description. */
  reason?: string;
  kind: 'sync' | 'health';
}

const icons: Record<Tone, string> = { ok: '●', warn: '◆', bad: '■', busy: '◌', muted: '○' };

export function Badge({ label, tone, reason, kind }: Props) {
  const id = useId();
  return (
    <span
      className={`badge badge-${tone} badge-${kind}`}
      title={reason ? `${label}: ${reason}` : label}
      aria-describedby={reason ? id : undefined}
    >
      <span aria-hidden="true" className="badge-icon">
        {icons[tone]}
      </span>
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
  return <Badge kind="sync" label={status} tone={syncTone(status)} reason={reason} />;
}

export function HealthBadge({ status, reason }: { status: HealthStatus; reason?: string | undefined }) {
  return <Badge kind="health" label={status} tone={healthTone(status)} reason={reason} />;
}
