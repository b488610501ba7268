import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.data/**', '.tmp/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: globals.node } },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'CallExpression[callee.property.name=/^(only)$/][callee.object.name=/^(it|test|describe)$/]', message: 'no .only in committed tests' }]
    }
  },
  {
    // A fixed sleep is either too short on a loaded machine or wasted time on an idle one.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', { property: 'waitForTimeout', message: 'no fixed sleeps: wait for what the step needs (waitUntilReady in test/scenarios/driver.ts, expect(...).toX, expect.poll)' }]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' }
  },
  {
    // The core must run without Electron (tests, harness, benchmarks): only adapters may import it.
    files: ['src/main/**/*.ts', 'src/shared/**/*.ts', 'src/workers/**/*.ts', 'server/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/**/electron-*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/index.ts and electron-*.ts adapters may import electron.' }] }] }
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', 'electron', 'better-sqlite3', 'fs', 'path', 'crypto', 'child_process'], message: 'src/shared runs everywhere: no Node or Electron imports.' }] }
      ]
    }
  }
)
