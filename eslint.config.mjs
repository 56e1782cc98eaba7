// @ts-check
import tseslint from 'typescript-eslint';

/** The two hard import fences from STYLE.md, plus "engine never imports electron". */
export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'bench/.data/**',
      'resources/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/**', '**/src-preload/**'],
              message: 'The renderer talks to main only through window.api.',
            },
            {
              group: ['node:*', 'electron', 'fs', 'path', 'child_process'],
              message: 'No Node or Electron in the renderer.',
            },
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
          patterns: [
            {
              group: ['**/src-main/**', '**/src-renderer/**', '**/src-preload/**', 'electron', 'node:*'],
              message: 'src-shared imports nothing else of ours and no platform module.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/hosts/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only src-main/hosts/electron may import electron: the engine and services run in plain Node too.',
            },
          ],
          patterns: [{ group: ['**/src-renderer/**'], message: 'Main never imports the renderer.' }],
        },
      ],
    },
  },
  {
    files: ['src-main/hosts/electron/**/*.ts'],
    ignores: ['src-main/hosts/electron/ipc.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name='ipcMain']",
          message: 'Only src-main/hosts/electron/ipc.ts binds ipcMain.',
        },
      ],
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    ignores: ['src-preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name='ipcRenderer']",
          message: 'Only src-preload/index.ts touches ipcRenderer.',
        },
      ],
    },
  },
);
