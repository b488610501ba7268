import { test as base, expect, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { clockStartingAt, parseClockStart } from '../../src/shared/bench-clock'
import { BENCH_START, waitUntilReady, type BenchDriver } from '../scenarios/driver'
import { makeTempDir } from '../support/temp-dir'

/** Starts `npm run web`'s process on a fresh data folder, a free port and the given clock start. */
export async function startHarnessProcess(dataDir: string, clockStart: Date, demoProtocols = 400): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/harness/cli.ts', '--json', '--port', '0', '--data-dir', dataDir, '--demo-protocols', String(demoProtocols), '--clock-start', clockStart.toISOString()],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const lines = createInterface({ input: child.stdout! })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`harness exited with ${code}`)))
    lines.on('line', (line) => {
      if (line.startsWith('{')) resolve((JSON.parse(line) as { url: string }).url)
    })
  })
  return { url, process: child }
}

/**
 * The browser driver: a harness process per test (real host, SQLite, workers) and Chromium on its
 * URL. The host, the page and the test share one calendar starting at BENCH_START, so no scenario
 * depends on the machine's date, weekday or year. `demoProtocols` 0 is a real install (the
 * first-run setup opens); the scenarios run on a bench started with demo data.
 */
function benchFixture(demoProtocols: number) {
  return async ({ page }: { page: Page }, use: (bench: BenchDriver) => Promise<void>) => {
    const dir = makeTempDir('bench-e2e-')
    const now = clockStartingAt(parseClockStart(BENCH_START))
    let { url, process: child } = await startHarnessProcess(dir.path, now(), demoProtocols)
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
    }
    try {
      await page.clock.setSystemTime(now())
      await page.goto(url)
      await waitUntilReady(page)
      await use({
        shell: 'browser-harness',
        page,
        dataDir: dir.path,
        exportsDir: join(dir.path, 'exports'),
        now,
        reload: async () => {
          await page.reload()
          await waitUntilReady(page)
        },
        restart: async (whileClosed) => {
          await stop()
          await whileClosed?.(dir.path)
          ;({ url, process: child } = await startHarnessProcess(dir.path, now(), demoProtocols))
          await page.goto(url)
          await waitUntilReady(page)
        },
        secretNote: /sin llavero del sistema/,
        printFromViewer: async (viewer) => {
          // The harness has no system print dialog: the viewer says so instead of failing silently.
          await viewer.getByRole('button', { name: /Imprimir/ }).click()
          await expect(viewer.getByRole('status')).toContainText('no tiene diálogo de impresión')
        }
      })
    } finally {
      await stop()
      dir.cleanup()
    }
  }
}

export const test = base.extend<{ bench: BenchDriver; freshBench: BenchDriver; otherFreshBench: BenchDriver }>({
  bench: benchFixture(400),
  freshBench: benchFixture(0),
  /** A second real install beside `freshBench` (two benches of one lab): its own harness, data folder and browser context. */
  otherFreshBench: async ({ browser }, use) => {
    const context = await browser.newContext()
    try {
      await benchFixture(0)({ page: await context.newPage() }, use)
    } finally {
      await context.close()
    }
  }
})

export { expect }
