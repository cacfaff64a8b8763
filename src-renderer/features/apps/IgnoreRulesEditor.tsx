import type { IgnoreRule } from '../../../src-shared/model';

/** A rule as edited: pointers and managers as comma-separated text. */
export interface RuleDraft {
  group: string;
  kind: string;
  name: string;
  namespace: string;
  pointers: string;
  managers: string;
}

export function toDrafts(rules: IgnoreRule[] | undefined): RuleDraft[] {
  return (rules ?? []).map((r) => ({
    group: r.group,
    kind: r.kind,
    name: r.name ?? '',
    namespace: r.namespace ?? '',
    pointers: (r.jsonPointers ?? []).join(', '),
    managers: (r.managedFieldsManagers ?? []).join(', '),
  }));
}

const split = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The drafts as rules; the core checks them and names the first one that is wrong. */
export function fromDrafts(drafts: RuleDraft[]): IgnoreRule[] {
  return drafts.map((d) => {
    const jsonPointers = split(d.pointers);
    const managedFieldsManagers = split(d.managers);
    return {
      group: d.group.trim(),
      kind: d.kind.trim(),
      ...(d.name.trim() ? { name: d.name.trim() } : {}),
      ...(d.namespace.trim() ? { namespace: d.namespace.trim() } : {}),
      ...(jsonPointers.length ? { jsonPointers } : {}),
      ...(managedFieldsManagers.length ? { managedFieldsManagers } : {}),
    };
  });
}

const empty: RuleDraft = {
  group: 'apps',
  kind: 'Deployment',
  name: '',
  namespace: '',
  pointers: '',
  managers: '',
};

interface Props {
  rules: RuleDraft[];
  onChange(rules: RuleDraft[]): void;
}

/**
 * Ignore rules (Argo CD's ignoreDifferences): fields left out of comparison, drift, self-heal and
 * sync, e.g. `/spec/replicas` of a Deployment an HPA scales.
 */
export function IgnoreRulesEditor({ rules, onChange }: Props) {
  const set = (i: number, patch: Partial<RuleDraft>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const field = (i: number, key: keyof RuleDraft, label: string, placeholder: string) => (
    <label className="field">
      <span>{label}</span>
      <input
        aria-label={`Ignore rule ${i + 1} ${label.toLowerCase()}`}
        value={rules[i]![key]}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(e) => set(i, { [key]: e.target.value })}
      />
    </label>
  );
  return (
    <fieldset className="fieldset">
      <legend>Ignored differences</legend>
      {rules.length === 0 && (
        <p className="muted">
          No rules. Fields another controller owns (an HPA&apos;s replicas) can be left out of comparison and
          sync here.
        </p>
      )}
      {rules.map((_, i) => (
        <div key={i} className="ignore-rule" role="group" aria-label={`Ignore rule ${i + 1}`}>
          {field(i, 'group', 'Group', "'' for core, * for any")}
          {field(i, 'kind', 'Kind', 'Deployment, or *')}
          {field(i, 'name', 'Name', 'optional, * wildcards')}
          {field(i, 'namespace', 'Namespace', 'optional')}
          {field(i, 'pointers', 'JSON pointers', '/spec/replicas, …')}
          {field(i, 'managers', 'Field managers', 'kube-controller-manager, …')}
          <button type="button" onClick={() => onChange(rules.filter((__, j) => j !== i))}>
            Remove ignore rule {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rules, { ...empty }])}>
        Add ignore rule
      </button>
    </fieldset>
  );
}
