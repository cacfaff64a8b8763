import { ApiFailure } from '../../../src-shared/errors';
import type { HandlersFor } from '../types';

// Placeholder until the state service is wired in.
const pending = async (): Promise<never> => {
  throw new ApiFailure('unsupported', 'Not available in this build.');
};

export function stateHandlers(): HandlersFor<'state'> {
  return {
    'state.get': pending,
    'state.refresh': pending,
    'state.diff': pending,
    'state.events': pending,
    'state.podLogs': pending,
  };
}
