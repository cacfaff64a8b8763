import type { EngineKind } from '../../../src-shared/model';

export function engineLabel(kind: EngineKind): string {
  return kind === 'flux' ? 'Flux' : 'Argo CD';
}
