import { ApiFailure } from '../../../src-shared/errors';
import type { HandlersFor } from '../types';

// Placeholder until the repo service is wired in.
const pending = async (): Promise<never> => {
  throw new ApiFailure('unsupported', 'Not available in this build.');
};

export function repoHandlers(): HandlersFor<'repo'> {
  return {
    'repo.info': pending,
    'repo.status': pending,
    'repo.listFiles': pending,
    'repo.readFile': pending,
    'repo.writeFile': pending,
    'repo.deleteFile': pending,
    'repo.commit': pending,
    'repo.log': pending,
    'repo.commitFiles': pending,
    'repo.fileDiff': pending,
    'repo.fileAt': pending,
    'repo.revert': pending,
    'repo.branches': pending,
    'repo.switchBranch': pending,
    'repo.fetch': pending,
    'repo.pull': pending,
    'repo.push': pending,
    'repo.setToken': pending,
  };
}
