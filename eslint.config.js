import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/**
 * Dependencies point one way (docs/architecture.md): shared <- platform <- features <- host and
 * the Electron adapters; workers and the renderer see only shared. Each zone lists what its files
 * may not import; ESLint keeps one `no-restricted-imports` per file, so every zone carries the
 * Electron ban too.
 */
const NO_ELECTRON = { regex: '^electron$', message: 'Only src/main/index.ts and src/main/electron/ may import electron.' }
const NO_NODE = { group: ['node:*', 'electron', 'better-sqlite3', 'fs', 'path', 'crypto', 'child_process'], message: 'src/shared runs everywhere: no Node or Electron imports.' }
const zone = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
const notFrom = (globs, message) => ({ group: globs, message })

export const importZones = [
  {
    files: ['src/shared/**/*.ts'],
    rules: zone(NO_NODE, notFrom(['**/main/**', '**/workers/**', '**/renderer/**', '**/harness/**', '**/preload/**'], 'src/shared imports only src/shared.'))
  },
  {
    files: ['src/workers/**/*.ts'],
    rules: zone(NO_ELECTRON, notFrom(['**/main/**', '**/renderer/**', '**/harness/**', '**/preload/**'], 'Workers import only src/shared and src/workers: move what both sides need to src/shared.'))
  },
  {
    files: ['src/main/platform/**/*.ts'],
    rules: zone(NO_ELECTRON, notFrom(['**/features/**', '**/electron/**', '**/host', '**/host-context', '**/workers/**'], 'The platform never imports features, the host or the Electron adapters.'))
  },
  {
    files: ['src/main/features/**/*.ts'],
    rules: zone(NO_ELECTRON, notFrom(['**/electron/**', '**/host', '**/workers/**'], 'Features import the platform, src/shared and other features; never the host, the Electron adapters or worker code.'))
  },
  {
    files: ['src/main/host.ts', 'src/main/host-context.ts', 'src/harness/**/*.ts'],
    rules: zone(NO_ELECTRON, notFrom(['**/electron/**'], 'The core runs without Electron.'))
  },
  {
    files: ['server/**/*.ts'],
    rules: zone(NO_ELECTRON, {
      regex: '/src/main/(?!features/sync/(signing|table-digest)$)',
      message: 'The server shares src/shared and the sync signing and digest modules only.'
    })
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/preload/**/*.ts'],
    rules: zone(notFrom(['**/main/**', '**/workers/**', '**/harness/**', 'node:*'], 'The renderer and preload see only src/shared (and the contract).'))
  }
]

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
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', { property: 'waitForTimeout', message: 'no fixed sleeps: wait for what the step needs (waitUntilReady in test/scenarios/driver.ts, expect(...).toX, expect.poll)' }]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' }
  },
  ...importZones
)
