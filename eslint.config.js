// Lint rules that hold the architecture: arrows point one way
// (renderer → shared ← electron/*, main/cli → engine → system).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const restrict = (patterns) => ({
  'no-restricted-imports': [
    'error',
    { patterns: patterns.map((p) => ({ group: [p.group], message: p.message })) },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'test-results/**',
      'coverage/**',
      'test/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        SharedArrayBuffer: 'readonly',
        Atomics: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        performance: 'readonly',
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        setImmediate: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([
      { group: 'node:*', message: 'shared/ is the contract: no Node imports.' },
      { group: 'electron', message: 'shared/ is the contract: no Electron imports.' },
      { group: '**/electron/**', message: 'shared/ imports nothing from electron/.' },
      { group: '**/renderer/**', message: 'shared/ imports nothing from renderer/.' },
    ]),
  },
  {
    files: [
      'electron/engine/**/*.ts',
      'electron/system/**/*.ts',
      'electron/workflows/**/*.ts',
      'electron/cli/**/*.ts',
    ],
    rules: restrict([
      {
        group: 'electron',
        message:
          'The engine, system layer, workflows and CLI run in plain Node: never import electron.',
      },
      { group: '**/renderer/**', message: 'Only the renderer imports the renderer.' },
      { group: '**/main/**', message: 'Arrows point one way: main → engine, never back.' },
    ]),
  },
  {
    // Flat config replaces a rule rather than merging it, so this repeats the block above.
    files: ['electron/engine/**/*.ts', 'electron/workflows/**/*.ts'],
    rules: restrict([
      {
        group: 'electron',
        message: 'The engine and workflows run in plain Node: never import electron.',
      },
      { group: '**/renderer/**', message: 'Only the renderer imports the renderer.' },
      { group: '**/main/**', message: 'Arrows point one way: main → engine, never back.' },
      {
        group: '**/system/simulated/**',
        message:
          'Workflows run the same code on a PC and a practice machine: product facts come from electron/knowledge/, never from the practice machine.',
      },
      {
        group: '**/system/emulator/**',
        message: 'Only a practice host knows the emulator: workflows see WindowsHost.',
      },
    ]),
  },
  {
    files: ['electron/system/**/*.ts'],
    rules: restrict([
      {
        group: '**/engine/**',
        message: 'system/ is below the engine: the engine imports system, never the reverse.',
      },
      { group: '**/workflows/**', message: 'system/ is below the workflows.' },
      { group: '**/cli/**', message: 'system/ never imports the CLI.' },
      { group: 'electron', message: 'system/ runs in plain Node.' },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        {
          group: '**/electron/**',
          message: 'The renderer talks only to window.api (shared/ contract).',
        },
        { group: 'node:*', message: 'The renderer has no Node.' },
        { group: 'electron', message: 'The renderer has no Electron: use window.api.' },
      ]),
    },
  },
);
