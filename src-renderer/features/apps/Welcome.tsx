interface Props {
  onSample(): void;
  onAdd(): void;
}

/** First run and empty list: one click to a working example. */
export function Welcome({ onSample, onAdd }: Props) {
  return (
    <section className="welcome" aria-label="Welcome">
      <h1>GitOps Desktop</h1>
      <p>
        Your Kubernetes manifests from a local git repository, side by side with the live cluster. Edit, diff,
        commit and sync — nothing is installed in the cluster.
      </p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={onSample}>
          Try the sample app…
        </button>
        <button type="button" onClick={onAdd}>
          Add an app from a folder…
        </button>
      </div>
      <p className="muted">
        The sample is a small guestbook (Deployment, Service, ConfigMap) in a fresh git repository.
      </p>
    </section>
  );
}
