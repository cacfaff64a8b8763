import { ApiFailure } from '../../../src-shared/errors';
import type { AppSettings } from '../../../src-shared/model';
import type { AppController } from '../../core/apps/app-controller';
import { restoreRevision } from '../../core/repo/restore-revision';
import type { HandlersFor } from '../types';

export interface RollbackDeps {
  controller: Pick<AppController, 'startSync' | 'history'>;
  apps: { get(appId: string): AppSettings };
  env: NodeJS.ProcessEnv;
}

export function rollbackHandlers(deps: RollbackDeps): HandlersFor<'rollback'> {
  return {
    'rollback.toRevision': async ({ appId, oid, options }) => {
      const app = deps.apps.get(appId);
      const [last] = await deps.controller.history(appId, 1);
      if (last?.phase === 'Running')
        throw new ApiFailure(
          'busy',
          `A sync of "${app.name}" is running. Wait for it to finish before rolling back.`,
        );
      const commitOid = await restoreRevision(app, oid, deps.env);
      return { commitOid, syncId: deps.controller.startSync(appId, options, 'rollback') };
    },
  };
}
