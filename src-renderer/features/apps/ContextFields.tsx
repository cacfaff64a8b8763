import { useEffect, useId, useRef, useState } from 'react';
import { defaultContextColor, setContextColor, useContextColor } from '../../state/context-color';
import { useApiQuery } from '../../state/use-api';

interface Props {
  context: string;
  namespace: string;
  onContext(value: string): void;
  onNamespace(value: string): void;
  /**
   * New apps: the namespace follows the context's own (kubeconfig `namespace`, else "default") until
   * the user types one.
   */
  followContextNamespace?: boolean;
}

/** The context and namespace a dialog edits, and the props of ContextFields that edit them. */
export function useTargetFields(initialContext: string, initialNamespace: string) {
  const [context, setContext] = useState(initialContext);
  const [namespace, setNamespace] = useState(initialNamespace);
  return {
    context,
    namespace,
    fields: { context, namespace, onContext: setContext, onNamespace: setNamespace },
  };
}

/** Kubeconfig context (select) and namespace (free text with the cluster's namespaces offered). */
export function ContextFields({ context, namespace, onContext, onNamespace, followContextNamespace }: Props) {
  const contexts = useApiQuery('kube.contexts', {});
  const namespaces = useApiQuery('kube.namespaces', context ? { context } : null);
  const listId = useId();
  const colorId = useId();
  const color = useContextColor(context);
  const typedNamespace = useRef(false);

  useEffect(() => {
    if (!followContextNamespace || typedNamespace.current || !context || !contexts.data) return;
    const own = contexts.data.contexts.find((c) => c.name === context)?.namespace;
    onNamespace(own || 'default');
  }, [followContextNamespace, context, contexts.data, onNamespace]);

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
          onChange={(e) => {
            typedNamespace.current = true;
            onNamespace(e.target.value);
          }}
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
      {context && (
        <div className="field">
          <label htmlFor={colorId}>Colour of context {context}</label>
          <div className="field-row">
            <input
              id={colorId}
              type="color"
              className="color-input"
              value={color}
              onChange={(e) => setContextColor(context, e.target.value)}
            />
            <small className="field-hint">
              Shown beside the context everywhere; names that look like production are red unless you choose.
            </small>
            {color !== defaultContextColor(context) && (
              <button type="button" onClick={() => setContextColor(context, null)}>
                Reset colour
              </button>
            )}
          </div>
        </div>
      )}
    </>
  );
}
