import { defineConfig } from 'vitest/config';

// Three projects in one run: unit (pure logic, no cluster), integration (real git in temp folders
// and the real control plane) and e2e (Chromium driving the built renderer in browser mode; which
// Chromium is test/support/browser.ts's choice). The cluster is started once for the last two by
// test/support/cluster-global-setup.ts. `npm test` (scripts/test.mjs) checks what the selected
// projects need before vitest starts; scripts/test-projects.mjs lists it per project.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Two cores and one shared control plane: test files run one at a time, so timings are stable
    // and one file's cluster objects never race another's.
    fileParallelism: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/support/cluster-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/support/cluster-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
