import type { AppController } from '../../core/apps/app-controller';
import type { HandlersFor } from '../types';

export interface StateDeps {
  controller: AppController;
}

export function stateHandlers(deps: StateDeps): HandlersFor<'state'> {
  const { controller } = deps;
  return {
    'state.get': async ({ appId, compareWith }) => controller.getState(appId, compareWith),
    'state.refresh': async ({ appId, compareWith, hard }) => controller.refresh(appId, compareWith, hard),
    'state.diff': async ({ appId, resourceId, compareWith }) =>
      controller.diff(appId, resourceId, compareWith),
    'state.events': async ({ appId, resourceId }) => ({ events: await controller.events(appId, resourceId) }),
    'state.podLogs': async ({ appId, resourceId, container, tailLines }) => ({
      text: await controller.podLogs(appId, resourceId, container, tailLines),
    }),
  };
}
