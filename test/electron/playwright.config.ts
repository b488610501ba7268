import { defineConfig } from '@playwright/test'

/** The same scenarios as test/e2e, driven through the real Electron app where its binary exists. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './announce-binary.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['./skip-reasons-reporter.ts']],
  outputDir: process.env['PLAYWRIGHT_OUTPUT_DIR'] ?? '../../test-results/electron'
})
