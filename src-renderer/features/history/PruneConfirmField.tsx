import type { AppSettings } from '../../../src-shared/model';

export interface Deletion {
  label: string;
  kind: string;
}

/**
 * The core refuses a large prune (more than a quarter of the app's objects, or any Namespace or
 * CRD) unless the app's name is typed; the dialogs ask the same before they change anything.
 */
export function needsPruneConfirm(deletions: Deletion[], appObjects: number): boolean {
  return (
    deletions.length > 0 &&
    (deletions.length * 4 > appObjects ||
      deletions.some((d) => d.kind === 'Namespace' || d.kind === 'CustomResourceDefinition'))
  );
}

interface Props {
  app: AppSettings;
  deletions: Deletion[];
  value: string;
  onChange(value: string): void;
}

export function PruneConfirmField({ app, deletions, value, onChange }: Props) {
  return (
    <label className="field">
      <span>
        This deletes {deletions.map((d) => d.label).join(', ')}. Type <strong>{app.name}</strong> to confirm.
      </span>
      <ConfirmPhraseInput phrase={app.name} value={value} onChange={onChange} />
    </label>
  );
}

/** The box a prune's confirmation phrase (the app's name) is typed into; named after the phrase. */
export function ConfirmPhraseInput({
  phrase,
  value,
  onChange,
}: {
  phrase: string;
  value: string;
  onChange(value: string): void;
}) {
  return (
    <input
      type="text"
      aria-label={`Type ${phrase} to confirm the prune`}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
