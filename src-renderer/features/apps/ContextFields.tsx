import { useEffect, useId } from 'react';
import { useApiQuery } from '../../state/use-api';

interface Props {
  context: string;
  namespace: string;
  onContext(value: string): void;
  onNamespace(value: string): void;
}

/** Kubeconfig context (select) and namespace (free text with the cluster's namespaces offered). */
export function ContextFields({ context, namespace, onContext, onNamespace }: Props) {
  const contexts = useApiQuery('kube.contexts', {});
  const namespaces = useApiQuery('kube.namespaces', context ? { context } : null);
  const listId = useId();

  useEffect(() => {
    // Default to the kubeconfig's current context the first time the list arrives.
    if (!context && contexts.data) {
      const first = contexts.data.current ?? contexts.data.contexts[0]?.name;
      if (first) onContext(first);
    }
  }, [context, contexts.data, onContext]);

  return (
    <>
      <label className="field">
        <span>Kubeconfig context</span>
        <select value={context} onChange={(e) => onContext(e.target.value)} required>
          {!context && <option value="">{contexts.loading ? 'Loading…' : 'Choose a context'}</option>}
          {contexts.data?.contexts.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
              {c.server ? ` — ${c.server}` : ''}
            </option>
          ))}
          {context && !contexts.data?.contexts.some((c) => c.name === context) && (
            <option value={context}>{context}</option>
          )}
        </select>
        {contexts.error && <small className="field-error">{contexts.error.message}</small>}
      </label>
      <label className="field">
        <span>Namespace</span>
        <input
          value={namespace}
          list={listId}
          onChange={(e) => onNamespace(e.target.value)}
          required
          spellCheck={false}
        />
        <datalist id={listId}>
          {namespaces.data?.namespaces.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        {namespaces.error && (
          <small className="field-hint">Namespaces could not be listed: {namespaces.error.message}</small>
        )}
      </label>
    </>
  );
}
