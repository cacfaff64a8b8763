import type { HelmSettings } from '../../../src-shared/model';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** How a Helm chart in the app folder is rendered: value files in order, release name, --set, CRDs. */
export function HelmFields({ value, onChange }: { value: HelmSettings; onChange(v: HelmSettings): void }) {
  return (
    <fieldset className="fieldset">
      <legend>Helm chart (when the folder holds a Chart.yaml)</legend>
      <label className="field">
        <span>Value files, one per line, in order (relative to the app folder; later ones win)</span>
        <textarea
          rows={3}
          spellCheck={false}
          defaultValue={value.valueFiles.join('\n')}
          onChange={(e) => onChange({ ...value, valueFiles: lines(e.target.value) })}
        />
      </label>
      <label className="field">
        <span>Release name (default: the chart folder&apos;s name)</span>
        <input
          spellCheck={false}
          value={value.releaseName ?? ''}
          onChange={(e) => {
            const { releaseName: _drop, ...rest } = value;
            onChange(e.target.value ? { ...rest, releaseName: e.target.value } : rest);
          }}
        />
      </label>
      <label className="field">
        <span>--set values, one key=value per line</span>
        <textarea
          rows={2}
          spellCheck={false}
          defaultValue={value.set.join('\n')}
          onChange={(e) => onChange({ ...value, set: lines(e.target.value) })}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={value.includeCrds}
          onChange={(e) => onChange({ ...value, includeCrds: e.target.checked })}
        />
        Include the chart&apos;s CRDs (crds/ folder)
      </label>
    </fieldset>
  );
}
