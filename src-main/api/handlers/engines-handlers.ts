import type { EngineService } from '../../core/engines/engine-service';
import type { HandlersFor } from '../types';

export interface EnginesDeps {
  engines: EngineService;
}

export function enginesHandlers({ engines }: EnginesDeps): HandlersFor<'engines'> {
  return {
    'engines.preview': ({ appId, engine, options }) => engines.preview(appId, engine, options),
    'engines.handOver': ({ appId, engine, options, commit, apply, dryRun }) =>
      engines.handOver({ appId, engine, ...(options ? { options } : {}), commit, apply, dryRun }),
    'engines.status': ({ appId }) => engines.status(appId),
    'engines.pushAndReconcile': ({ appId }) => engines.pushAndReconcile(appId),
    'engines.setSuspended': ({ appId, suspended }) => engines.setSuspended(appId, suspended),
    'engines.release': ({ appId }) => engines.release(appId),
  };
}
