import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../../src-shared/errors';
import type { AppSettings } from '../../../../src-shared/model';
import { checkRelativePath } from '../../../../src-main/core/repo/confined-paths';

const app = (appPath: string): AppSettings => ({
  id: 'a',
  name: 'a',
  repoPath: '/repo',
  appPath,
  context: 'c',
  namespace: 'n',
  options: { prune: false, autoSync: false, selfHeal: false },
});

describe('checkRelativePath', () => {
  it('maps app-relative paths to repository paths', () => {
    expect(checkRelativePath(app(''), 'a.yaml')).toBe('a.yaml');
    expect(checkRelativePath(app('deploy/prod'), './y.yaml')).toBe('deploy/prod/y.yaml');
    expect(checkRelativePath(app('deploy'), 'sub\\win.yaml')).toBe('deploy/sub/win.yaml');
  });
  it.each(['../x', 'a/../../x', '/etc/passwd', 'C:/Windows', '.git/config', 'a/.GIT/HEAD', '.', 'a\0b'])(
    'rejects %j',
    (path) => {
      let error: unknown;
      try {
        checkRelativePath(app('deploy'), path);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ApiFailure);
      expect((error as ApiFailure).code).toBe('outside-repository');
    },
  );
});
