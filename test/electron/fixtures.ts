import { _electron as electron, test as base, expect, type ElectronApplication, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { clockStartingAt, parseClockStart } from '../../src/shared/bench-clock'
import { BENCH_START, waitUntilReady, type BenchDriver } from '../scenarios/driver'
import { makeTempDir } from '../support/temp-dir'
import { electronBinary, NO_ELECTRON } from './electron-binary'

export const binary = electronBinary()
const root = resolve(import.meta.dirname, '../..')

export interface ElectronBench extends BenchDriver {
  readonly app: ElectronApplication
  /** The Electron user-data folder (logs, settings; the data folder is its data/). */
  readonly userData: string
}

/** Print jobs the stubbed webContents.print was asked for, counted in the main process. */
const PRINTED = '__benchTestPrinted'

/**
 * The Electron driver: the built app (out/, `npm run build`) in the real Electron binary, on a
 * fresh user-data folder, closed and removed after the test. The main process starts its clock at
 * BENCH_START (BENCH_CLOCK_START, honoured by development builds only) and so does the page. The
 * save dialog and the system print dialog cannot be driven, so they are stubbed in the main
 * process. Where the binary could not be downloaded every test is reported as skipped, with the
 * reason, never as passed.
 */
export const test = base.extend<{ bench: ElectronBench }>({
  // eslint-disable-next-line no-empty-pattern
  bench: async ({}, use, testInfo) => {
    testInfo.skip(!binary, NO_ELECTRON)
    const dir = makeTempDir('bench-electron-')
    const exportsDir = join(dir.path, 'saved')
    mkdirSync(exportsDir)
    const now = clockStartingAt(parseClockStart(BENCH_START))
    const launch = async () => {
      const app = await electron.launch({
        executablePath: binary!,
        args: [root, `--user-data-dir=${dir.path}`],
        cwd: root,
        env: { ...process.env, BENCH_CLOCK_START: now().toISOString() }
      })
      const page = await app.firstWindow()
      await app.evaluate(
        ({ dialog, BrowserWindow }, { folder, printed }) => {
          const answer = async (...args: unknown[]) => {
            const options = (args.length > 1 ? args[1] : args[0]) as { defaultPath?: string }
            return { canceled: false, filePath: `${folder}/${options.defaultPath ?? 'saved'}` }
          }
          dialog.showSaveDialog = answer as typeof dialog.showSaveDialog
          const counter = globalThis as unknown as Record<string, number>
          counter[printed] = 0
          const window = BrowserWindow.getAllWindows()[0]!
          const contents = Object.getPrototypeOf(window.webContents) as { print: (options: unknown, done?: (success: boolean, reason: string) => void) => void }
          contents.print = (_options, done) => {
            counter[printed] = (counter[printed] ?? 0) + 1
            done?.(true, '')
          }
        },
        { folder: exportsDir, printed: PRINTED }
      )
      // The window loaded before the page clock could be set: set it, then start the renderer afresh.
      await page.clock.setSystemTime(now())
      await page.reload()
      await waitUntilReady(page)
      return { app, page }
    }
    let running: { app: ElectronApplication; page: Page } | null = null
    try {
      running = await launch()
      const current = () => running!
      await use({
        shell: 'electron',
        get app() {
          return current().app
        },
        get page() {
          return current().page
        },
        userData: dir.path,
        dataDir: join(dir.path, 'data'),
        exportsDir,
        now,
        reload: async () => {
          await current().page.reload()
          await waitUntilReady(current().page)
        },
        restart: async (whileClosed) => {
          await current().app.close()
          running = null
          await whileClosed?.(join(dir.path, 'data'))
          running = await launch()
        },
        // Sealed with the OS keychain where one answers, else a permissions-only file: both say so.
        secretNote: /llavero del sistema/,
        printFromViewer: async (viewer) => {
          await viewer.getByRole('button', { name: /Imprimir/ }).click()
          await expect.poll(() => current().app.evaluate((_electron, printed) => (globalThis as unknown as Record<string, number>)[printed], PRINTED)).toBe(1)
        }
      })
    } finally {
      await running?.app.close()
      dir.cleanup()
    }
  }
})

export { expect }
