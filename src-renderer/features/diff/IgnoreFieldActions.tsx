import { useState } from 'react';
import type { ResourceKey } from '../../../src-shared/model';
import { toApiError, type ApiError } from '../../../src-shared/errors';
import { useApi } from '../../api/ApiContext';
import { ErrorMessage } from '../../components/ErrorMessage';
import { withIgnoredField } from './ignore-field';

interface Props {
  appId: string;
  resourceKey: ResourceKey;
  /** JSON pointers where desired and live differ. */
  fields: string[];
  onIgnored(): void;
}

/** The differing fields, each with "Ignore this field": adds an ignore rule to the app's settings. */
export function IgnoreFieldActions({ appId, resourceKey, fields, onIgnored }: Props) {
  const api = useApi();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const ignore = async (pointer: string) => {
    setBusy(pointer);
    setError(null);
    try {
      const { apps } = await api.call('apps.list', {});
      const app = apps.find((a) => a.id === appId);
      if (!app) throw new Error('This app is gone. Refresh the app list.');
      await api.call('apps.update', {
        appId,
        changes: { ignoreDifferences: withIgnoredField(app.ignoreDifferences, resourceKey, pointer) },
      });
      onIgnored();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(null);
    }
  };

  if (fields.length === 0) return null;
  return (
    <div className="diff-fields" aria-label="Fields that differ">
      <span className="muted">Fields that differ:</span>
      <ul>
        {fields.map((f) => (
          <li key={f}>
            <code>{f}</code>{' '}
            <button
              type="button"
              className="link-button"
              disabled={busy !== null}
              aria-label={`Ignore this field: ${f}`}
              title="Leave this field out of comparison and sync (an ignore rule in the app settings)"
              onClick={() => void ignore(f)}
            >
              {busy === f ? 'Ignoring…' : 'Ignore this field'}
            </button>
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
    </div>
  );
}
