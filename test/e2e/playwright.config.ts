import { defineConfig } from '@playwright/test'

/**
 * End to end through the browser harness: Debian's Chromium drives the real renderer bundle,
 * which talks over the loopback bridge to a real host (SQLite, workers, printers) per test.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  timeout: 60_000,
  // An expectation waits for what the clerk would see, never for a speed: Playwright's 5 s default
  // failed once on a stalled CI machine (a one-row query took 311 ms there) with nothing wrong.
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1360, height: 820 },
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync']
    },
    trace: 'retain-on-failure'
  },
  // PLAYWRIGHT_OUTPUT_DIR keeps concurrent runs (several engineers, one machine) out of each other's traces.
  outputDir: process.env['PLAYWRIGHT_OUTPUT_DIR'] ?? '../../test-results/e2e'
})
