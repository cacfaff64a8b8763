import { useRef } from 'react';
import type { AppSettings, EngineKind } from '../../../src-shared/model';
import { engineLabel } from './engine-labels';

interface Props {
  app: AppSettings;
  environmentsOpen: boolean;
  onHandOver(engine: EngineKind): void;
  onDeployTo(): void;
  onEnvironments(): void;
  onRelease(): void;
}

/** The header's "More" menu: hand-over, environments, and leaving pull mode. */
export function EngineActions(props: Props) {
  const menu = useRef<HTMLDetailsElement>(null);
  const pick = (action: () => void) => () => {
    if (menu.current) menu.current.open = false;
    action();
  };
  return (
    <details className="menu" ref={menu}>
      <summary aria-label="More app actions">More</summary>
      <div className="menu-items">
        {(['flux', 'argocd'] as const).map((engine) => (
          <button key={engine} type="button" onClick={pick(() => props.onHandOver(engine))}>
            Hand over to {engineLabel(engine)}…
          </button>
        ))}
        <button type="button" onClick={pick(props.onDeployTo)}>
          Deploy to another context…
        </button>
        <button type="button" aria-pressed={props.environmentsOpen} onClick={pick(props.onEnvironments)}>
          Environments
        </button>
        {props.app.pullMode && (
          <button type="button" onClick={pick(props.onRelease)}>
            Back to push mode
          </button>
        )}
      </div>
    </details>
  );
}
