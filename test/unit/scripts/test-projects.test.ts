import { describe, expect, it } from 'vitest';
import { neededFor, selectedProjects } from '../../../scripts/test-projects.mjs';

describe('npm test: which projects run, and what they need', () => {
  it('runs every project when nothing narrows the run', () => {
    expect(selectedProjects([])).toEqual(['unit', 'integration', 'e2e']);
    expect(selectedProjects(['--reporter=dot'])).toEqual(['unit', 'integration', 'e2e']);
  });

  it('takes --project in both spellings, repeated, and with wildcards', () => {
    expect(selectedProjects(['--project', 'unit'])).toEqual(['unit']);
    expect(selectedProjects(['--project=e2e'])).toEqual(['e2e']);
    expect(selectedProjects(['--project', 'unit', '--project=integration'])).toEqual(['unit', 'integration']);
    expect(selectedProjects(['--project', 'int*'])).toEqual(['integration']);
    expect(selectedProjects(['--project', 'nope'])).toEqual([]);
  });

  it('infers the project from file filters only when every filter lies in one project folder', () => {
    expect(selectedProjects(['test/unit/core/health.test.ts'])).toEqual(['unit']);
    expect(selectedProjects(['./test/unit/a.test.ts', 'test/e2e/shell.test.ts'])).toEqual(['unit', 'e2e']);
    // A bare name matches files anywhere, so it may select any project.
    expect(selectedProjects(['health'])).toEqual(['unit', 'integration', 'e2e']);
    expect(selectedProjects(['test/unit/a.test.ts', 'sync'])).toEqual(['unit', 'integration', 'e2e']);
  });

  it('asks nothing of a unit-only run, and everything of an e2e run', () => {
    expect([...neededFor(['unit'])]).toEqual([]);
    expect([...neededFor(['integration'])].sort()).toEqual(['cluster', 'git']);
    expect([...neededFor(['unit', 'e2e'])].sort()).toEqual(['browser', 'build', 'cluster', 'git']);
  });
});
