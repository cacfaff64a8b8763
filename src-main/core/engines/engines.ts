import { ApiFailure } from '../../../src-shared/errors';
import type { EngineKind } from '../../../src-shared/model';
import { argoCdEngine } from './argocd-engine';
import type { Engine } from './engine';
import { fluxEngine } from './flux-engine';

const all: Record<EngineKind, Engine> = { flux: fluxEngine, argocd: argoCdEngine };

export function engineOf(kind: EngineKind): Engine {
  const engine = all[kind];
  if (!engine) throw new ApiFailure('invalid', `Unknown engine "${String(kind)}".`);
  return engine;
}
