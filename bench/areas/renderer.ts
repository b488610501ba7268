import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { startHarness } from '../../src/harness/server'
import { okValue, zplPrinterAt } from '../workloads/host'
import { startPrinterSink } from '../workloads/printer-sink'

const LABELS = 1000

/** What the page keeps; the bench's tsconfig has no DOM types, so the page is reached through this. */
type Observed = { __longTasks: number[] }

/**
 * renderer_bulk_1000_long_tasks_count: long tasks (> 50 ms, the browser's own Long Tasks API) in
 * the real renderer bundle while the clerk reprints 1,000 labels in one bulk action from the
 * Protocols page, counted from the click until the last label reached the TCP printer, in
 * Debian's Chromium through the browser harness. The bundle is out/renderer (built when absent:
 * run `npm run build` after changing the renderer).
 */
export async function run(): Promise<Record<string, number>> {
  if (!existsSync('out/renderer/index.html')) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-renderer-'))
  const sink = await startPrinterSink()
  // Two in nine demo protocols are received; exactly LABELS of them are kept received below.
  const harness = await startHarness({ host: { dataDir: dir, appVersion: 'bench', demoProtocols: LABELS * 5, log: () => {} } })
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
  })
  try {
    const host = harness.host
    okValue('settings.update', await host.dispatch('settings.update', { printer: zplPrinterAt(sink.port) }))
    host.db
      .prepare(
        `UPDATE protocols SET status = 'processing' WHERE status = 'received'
           AND rowid NOT IN (SELECT rowid FROM protocols WHERE status = 'received' ORDER BY rowid DESC LIMIT ?)`
      )
      .run(LABELS)

    const page = await browser.newPage({ viewport: { width: 1360, height: 820 } })
    await page.addInitScript(() => {
      const page = globalThis as unknown as Observed
      page.__longTasks = []
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) page.__longTasks.push(entry.duration)
      }).observe({ type: 'longtask' as never, buffered: true })
    })
    await page.goto(harness.url)
    // Keys pressed before the shell's shortcuts listen are lost (App.tsx sets data-bench-ready then).
    await page.locator('html[data-bench-ready="true"]').waitFor()
    await page.keyboard.press('Alt+2')
    await page.locator('select[aria-label="Estado"]').selectOption('received')
    await page.getByTestId('result-count').getByText(`${LABELS} protocolos`).waitFor()
    await page.getByRole('searchbox', { name: 'Buscar protocolos' }).press('Control+Shift+A')
    await page.getByTestId('bulk-selected').getByText(`(${LABELS})`).waitFor()
    // Only what happens from the click on counts, not the page load.
    await page.evaluate(() => ((globalThis as unknown as Observed).__longTasks = []))
    await page.getByRole('button', { name: 'Reimprimir etiquetas' }).click()
    await page.locator('[data-testid="bulk-progress"][data-state="done"]').waitFor({ timeout: 120_000 })
    await sink.waitForJobs(LABELS, 120_000)
    await host.queue.drained()
    // The last coalesced events have reached the page and rendered once it counts every label.
    const counts = page.getByTestId('bulk-counts')
    await counts.getByText(`${LABELS} correctos`).waitFor({ timeout: 30_000 }).catch(async () => {
      throw new Error(`bulk reprint: ${await counts.innerText()}`)
    })
    const longTasks = await page.evaluate(() => (globalThis as unknown as Observed).__longTasks)
    return { renderer_bulk_1000_long_tasks_count: longTasks.filter((ms) => ms > 50).length }
  } finally {
    await browser.close()
    await harness.close()
    await sink.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
