import { ApiFailure } from '../../../src-shared/errors';
import type { HandlersFor } from '../types';

// Placeholder until the sync service is wired in.
const pending = async (): Promise<never> => {
  throw new ApiFailure('unsupported', 'Not available in this build.');
};

export function syncHandlers(): HandlersFor<'sync'> {
  return {
    'sync.plan': pending,
    'sync.start': pending,
    'sync.cancel': pending,
    'sync.history': pending,
    'sync.rollback': pending,
  };
}
