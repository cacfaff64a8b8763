import { ApiFailure } from '../../../src-shared/errors';
import type { HandlersFor } from '../types';

// Placeholder until the manifests service is wired in.
const pending = async (): Promise<never> => {
  throw new ApiFailure('unsupported', 'Not available in this build.');
};

export function manifestsHandlers(): HandlersFor<'manifests'> {
  return {
    'manifests.load': pending,
  };
}
