import { useEffect, useState } from 'react';
import type { AppSettings, EngineKind, HandOverOptions, HandOverResult } from '../../../src-shared/model';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { EditorSuspense, YamlDiffView } from '../../monaco';
import { useApiAction, useApiQuery } from '../../state/use-api';
import { engineLabel } from './engine-labels';

interface Props {
  app: AppSettings;
  engine: EngineKind;
  theme: 'light' | 'dark';
  onClose(): void;
  onDone(result: HandOverResult): void;
}

/**
 * "Hand over to Flux… / Argo CD…": the engine's objects for this app, shown as a diff against
 * nothing, then committed into the repository and/or applied to the cluster (or dry-run first).
 */
export function HandOverDialog({ app, engine, theme, onClose, onDone }: Props) {
  const label = engineLabel(engine);
  const [options, setOptions] = useState<Partial<HandOverOptions>>({});
  const [debounced, setDebounced] = useState<Partial<HandOverOptions>>({});
  const [commit, setCommit] = useState(true);
  const [apply, setApply] = useState(true);
  const [checked, setChecked] = useState<HandOverResult | null>(null);
  const preview = useApiQuery('engines.preview', { appId: app.id, engine, options: debounced });
  const handOver = useApiAction('engines.handOver');

  useEffect(() => {
    const timer = setTimeout(() => setDebounced(options), 300);
    return () => clearTimeout(timer);
  }, [options]);

  // Fill the fields with what the core chose, once, so the user edits real values; a field the
  // user already typed in is never replaced (the first preview may arrive after the typing).
  const source = preview.data;
  const [filled, setFilled] = useState(false);
  useEffect(() => {
    if (!source || filled) return;
    setFilled(true);
    const file = source.file.split('/');
    const defaults = {
      folder: file.slice(0, -1).join('/'),
      name: file.at(-1)?.replace(`-${engine}.yaml`, ''),
    };
    setOptions((o) => ({ ...defaults, ...o }));
  }, [source, filled, engine]);

  const field = (key: 'namespace' | 'name' | 'interval' | 'folder', text: string, placeholder: string) => (
    <label className="field">
      <span>{text}</span>
      <input
        value={options[key] ?? ''}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(e) => setOptions((o) => ({ ...o, [key]: e.target.value }))}
      />
    </label>
  );

  const run = async (dryRun: boolean) => {
    const result = await handOver.run({
      appId: app.id,
      engine,
      options: Object.fromEntries(Object.entries(options).filter(([, v]) => v !== '')),
      commit: dryRun ? false : commit,
      apply: dryRun ? true : apply,
      dryRun,
    });
    if (!result) return;
    if (dryRun) setChecked(result);
    else onDone(result);
  };

  return (
    <Dialog
      title={`Hand over to ${label}`}
      size="large"
      onClose={onClose}
      busy={handOver.busy}
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" disabled={handOver.busy || !preview.data} onClick={() => void run(true)}>
            Dry run
          </button>
          <button
            type="button"
            className="primary"
            disabled={handOver.busy || !preview.data || (!commit && !apply)}
            onClick={() => void run(false)}
          >
            Hand over
          </button>
        </>
      }
    >
      <p>
        {label} in the cluster takes over applying <strong>{app.name}</strong> from{' '}
        <code>{preview.data?.source.repoUrl ?? '…'}</code> ({preview.data?.source.branch ?? '…'},{' '}
        <code>{preview.data?.source.path ?? '…'}</code>) to {app.context} / {app.namespace}. Objects the
        desktop applied keep their identity; the desktop then stops applying and offers Push &amp; reconcile.
      </p>
      <div className="form-grid">
        {field('namespace', `${label} namespace`, engine === 'flux' ? 'flux-system' : 'argocd')}
        {field('name', 'Name', app.name)}
        {engine === 'flux' && field('interval', 'Interval', '1m')}
        {field('folder', 'Repository folder for the file', 'clusters/…')}
        <label className="check">
          <input
            type="checkbox"
            checked={options.prune ?? app.options.prune}
            onChange={(e) => setOptions((o) => ({ ...o, prune: e.target.checked }))}
          />
          Prune objects removed from git
        </label>
      </div>
      {preview.data?.warnings.map((w) => (
        <p key={w} className="warning" role="note">
          {w}
        </p>
      ))}
      <ErrorMessage error={preview.error} />
      {preview.data && (
        <EditorSuspense>
          <YamlDiffView
            original=""
            modified={preview.data.content}
            originalLabel="(nothing)"
            modifiedLabel={preview.data.file}
            theme={theme}
            ariaLabel={`${label} objects for ${app.name}`}
            className="handover-diff"
          />
        </EditorSuspense>
      )}
      <fieldset className="checks">
        <legend>Then</legend>
        <label className="check">
          <input type="checkbox" checked={commit} onChange={(e) => setCommit(e.target.checked)} />
          Commit {preview.data?.file ?? 'the file'} into the repository
        </label>
        <label className="check">
          <input type="checkbox" checked={apply} onChange={(e) => setApply(e.target.checked)} />
          Apply to the cluster (bootstrap) and switch the app to pull mode
        </label>
      </fieldset>
      {checked && <p role="status">Dry run passed: {checked.applied.join(', ')}.</p>}
      <ErrorMessage error={handOver.error} />
    </Dialog>
  );
}
