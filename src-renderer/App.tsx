import { useEffect, useState } from 'react';
import type { KubeContexts } from '../src-shared/model';
import { useApi, useConnected } from './api/ApiContext';

/** Application shell; the feature screens mount inside it. */
export function App() {
  const api = useApi();
  const connected = useConnected();
  const [contexts, setContexts] = useState<KubeContexts | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.call('kube.contexts', {}).then(setContexts, (e: Error) => setError(e.message));
  }, [api]);

  return (
    <div className="app-shell">
      <header>
        <h1>GitOps Desktop</h1>
      </header>
      <main>
        <section aria-label="Kubeconfig contexts">
          {error && <p role="alert">{error}</p>}
          <ul>
            {contexts?.contexts.map((c) => (
              <li key={c.name}>{c.name}</li>
            ))}
          </ul>
        </section>
      </main>
      <footer role="status">{connected ? 'Connected' : 'Connecting…'}</footer>
    </div>
  );
}
