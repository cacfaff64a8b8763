import type { AppController } from '../../core/apps/app-controller';
import type { HandlersFor } from '../types';

export interface SyncDeps {
  controller: AppController;
  /** Refuses when the desktop must not apply (an app handed over to an in-cluster engine). */
  mayApply?: (appId: string) => Promise<void>;
}

export function syncHandlers(deps: SyncDeps): HandlersFor<'sync'> {
  const { controller } = deps;
  return {
    'sync.plan': async ({ appId, options }) => controller.plan(appId, options),
    'sync.start': async ({ appId, options, trigger }) => {
      await deps.mayApply?.(appId);
      return { syncId: controller.startSync(appId, options, trigger) };
    },
    'sync.cancel': async ({ appId }) => ({ cancelled: controller.cancel(appId) }),
    'sync.history': async ({ appId, limit }) => ({ runs: await controller.history(appId, limit) }),
    'sync.rollback': async ({ appId, oid, options }) => {
      await deps.mayApply?.(appId);
      return controller.rollback(appId, oid, options);
    },
  };
}
