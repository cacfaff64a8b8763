// Layer boundaries from docs/architecture.md are errors, not advice: the renderer must never reach
// Node or Electron, the core must run headless, and the shared contract must stay pure.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
// One statement per line: a loop whose body is a bare `if` or another loop reads like a puzzle.
const loopBodyRule = {
  selector:
    ':matches(ForStatement, ForOfStatement, ForInStatement, WhileStatement) > :matches(IfStatement, ForStatement, ForOfStatement, ForInStatement).body',
  message: 'Give the loop body braces and its own lines.',
};
// React's autoFocus focuses on mount but renders no attribute, so Dialog cannot find the first field
// and keyboard users land on the × button. Dialogs mark their first field with data-autofocus.
const autoFocusRule = {
  selector: 'JSXAttribute[name.name="autoFocus"]',
  message: 'Mark the field with data-autofocus; Dialog focuses it (autoFocus renders no attribute).',
};
const electronOnly = { name: 'electron', message: 'Only src-main/electron may import electron.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', '.cache/**', 'node_modules/**', 'test/cluster/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', loopBodyRule],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-syntax': ['error', loopBodyRule, autoFocusRule],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronOnly,
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer has no Node access.' })),
            { name: 'isomorphic-git', message: 'Git lives in the main process; call the API.' },
            {
              name: '@kubernetes/client-node',
              message: 'Cluster access lives in the main process; call the API.',
            },
          ],
          patterns: [
            {
              group: ['**/src-main/**', '../src-main/*', '../../src-main/*'],
              message: 'The renderer talks to main only through src-shared/api.ts.',
            },
            { group: ['node:*'], message: 'The renderer has no Node access.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronOnly,
            ...nodeBuiltins.map((name) => ({ name, message: 'src-shared is pure TypeScript.' })),
          ],
          patterns: [
            {
              group: ['**/src-main/**', '**/src-renderer/**'],
              message: 'src-shared imports nothing from main or renderer.',
            },
            { group: ['node:*'], message: 'src-shared is pure TypeScript.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      // The typescript-eslint variant: it can let type-only imports through (allowTypeImports).
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            electronOnly,
            {
              // Its index loads the whole generated API client (~70 MB resident); the core uses
              // src-main/core/cluster/kube-config.ts, which imports it only when it must.
              name: '@kubernetes/client-node',
              message: 'Use KubeConfig from core/cluster/kube-config; only type imports of client-node here.',
              allowTypeImports: true,
            },
          ],
          patterns: [{ group: ['**/src-renderer/**'], message: 'Main never imports renderer code.' }],
        },
      ],
    },
  },
);
