import { ApiFailure } from '../../../src-shared/errors';
import type { HandlersFor } from '../types';

// Placeholder until the apps service is wired in.
const pending = async (): Promise<never> => {
  throw new ApiFailure('unsupported', 'Not available in this build.');
};

export function appsHandlers(): HandlersFor<'apps'> {
  return {
    'apps.list': pending,
    'apps.add': pending,
    'apps.update': pending,
    'apps.remove': pending,
    'apps.createSample': pending,
    'apps.initRepository': pending,
  };
}
