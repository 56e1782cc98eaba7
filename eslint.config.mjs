// @ts-check
import tseslint from 'typescript-eslint';
import layers from './scripts/eslint-layers.mjs';

/** Layering by allowed imports per folder, and one file per side binds ipcMain / ipcRenderer. */
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
    // Who may import whom: the table in scripts/eslint-layers.mjs (docs/ARCHITECTURE.md explains it).
    files: ['src-*/**/*.{ts,tsx}'],
    plugins: { layers },
    rules: { 'layers/allowed-imports': 'error' },
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
