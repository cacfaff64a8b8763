import type { AppSettings } from '../../../src-shared/model';
import { useContextColor } from '../../state/context-color';
import { useApiQuery } from '../../state/use-api';

/** The server URL of a context, from the kubeconfig (never credentials). */
export function useServerUrl(context: string): string | undefined {
  const contexts = useApiQuery('kube.contexts', {});
  return contexts.data?.contexts.find((c) => c.name === context)?.server;
}

/**
 * "to CONTEXT / NAMESPACE (server URL)": the one fact a user needs before pressing Sync, stated the
 * same way in every dialog that changes the cluster.
 */
export function TargetLine({
  app,
  verb = 'to',
}: {
  app: Pick<AppSettings, 'context' | 'namespace'>;
  verb?: string;
}) {
  const server = useServerUrl(app.context);
  const color = useContextColor(app.context);
  return (
    <p className="target-line" style={{ '--context-color': color } as React.CSSProperties}>
      {verb}{' '}
      <strong className="context-chip" title={`Context ${app.context}`}>
        {app.context}
      </strong>{' '}
      / <strong>{app.namespace}</strong>
      {server && <span className="muted"> ({server})</span>}
    </p>
  );
}
