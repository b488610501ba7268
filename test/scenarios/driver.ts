import { expect, type Locator, type Page } from '@playwright/test'

/**
 * What a scenario needs from the shell running the app. The browser suite (test/e2e) drives the
 * renderer in Chromium through the harness; the Electron suite (test/electron) drives the real
 * Electron app. Everything else — keys, clicks and every assertion — lives in the scenarios, so the
 * two suites cannot drift apart.
 */
export interface BenchDriver {
  readonly shell: 'browser-harness' | 'electron'
  /** The app's window, already past `waitUntilReady`. */
  readonly page: Page
  /** The bench's data folder (database, artifacts). */
  readonly dataDir: string
  /** Where a file the clerk saves lands: `<data>/exports` in the harness, the stubbed save dialog's folder in Electron. */
  readonly exportsDir: string
  /** The bench's clock: the host, the page and the test read the same calendar (see BENCH_START). */
  now(): Date
  /** Reloads the window (a fresh start of the renderer) and waits until the app is ready again. */
  reload(): Promise<void>
  /**
   * Closes the app (host included), runs `whileClosed` on the data folder (a damaged disk, a
   * file swapped), starts it again on the same folder and clock and waits until it is ready.
   * The window may be a new one afterwards: read `page` again.
   */
  restart(whileClosed?: (dataDir: string) => void | Promise<void>): Promise<void>
  /** The Sync page's note on where the pairing secret is kept in this shell. */
  readonly secretNote: RegExp
  /** Presses the PDF viewer's Print button and checks what this shell does with it. */
  printFromViewer(viewer: Locator): Promise<void>
}

/**
 * Every scenario runs on this local date and time, whatever the machine's clock says: a Thursday
 * (so Week -> Day must come back to the day shown, not to a Monday), mid-morning (far from
 * midnight), mid-year (far from New Year's numbering). Local time, as the bench reads it.
 */
export const BENCH_START = '2026-06-11T10:00:00'

/**
 * The one "app is ready" check, used before any key is pressed: the shell is on screen and its
 * shortcuts listen (App.tsx sets <html data-bench-ready> then). A key pressed earlier is lost.
 */
export async function waitUntilReady(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-bench-ready', 'true', { timeout: 30_000 })
}

export type Scenario = (bench: BenchDriver) => Promise<void>
