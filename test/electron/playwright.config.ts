import { defineConfig } from '@playwright/test'

/** The same scenarios as test/e2e, driven through the real Electron app where its binary exists. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './announce-binary.ts',
  timeout: 60_000,
  // An expectation waits for what the clerk would see, never for a speed: Playwright's 5 s default
  // failed once on a stalled CI machine (a one-row query took 311 ms there) with nothing wrong.
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list'], ['./skip-reasons-reporter.ts']],
  outputDir: process.env['PLAYWRIGHT_OUTPUT_DIR'] ?? '../../test-results/electron'
})
