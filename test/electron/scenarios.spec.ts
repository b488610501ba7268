import { join } from 'node:path'
import { existsSync, readFileSync } from 'node:fs'
import { startPrinterSink } from '../../bench/workloads/printer-sink'
import { expect, receiveWalkIn, test } from './fixtures'

/** The browser-harness scenarios (test/e2e), in the real Electron app: IPC, preload, sandbox and all. */
test.describe('Electron app scenarios', () => {
  test('the page sees the contract and nothing of Node; the log and settings live in the user-data folder', async ({ electronBench: { page, userData } }) => {
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined')
    const names = await page.evaluate(() => Object.keys((window as unknown as { bench: object }).bench).sort())
    expect(names).toContain('on')
    expect(names).toContain('reception.receive')
    await expect(page.getByRole('searchbox', { name: 'Escanear o buscar' })).toBeFocused()
    expect(readFileSync(join(userData, 'logs', 'bench.log'), 'utf8')).toContain('starting')
    expect(existsSync(join(userData, 'bench-settings.json'))).toBe(true)
  })

  test('receive at the bench: the label bytes arrive at the TCP printer', async ({ electronBench: { page } }) => {
    const sink = await startPrinterSink()
    try {
      await expect(page.getByRole('searchbox', { name: 'Escanear o buscar' })).toBeFocused()
      await page.keyboard.press('Alt+8')
      await page.locator('#printer-driver').selectOption('tcp9100')
      await page.locator('#printer-host').fill('127.0.0.1')
      await page.locator('#printer-port').fill(String(sink.port))
      await page.getByRole('button', { name: 'Guardar impresora' }).click()
      await expect(page.getByRole('status').filter({ hasText: 'Impresora guardada' })).toBeVisible()
      await page.keyboard.press('Alt+1')
      const number = await receiveWalkIn(page, 'Ana (demo)', 'Toñito')
      expect(number).toMatch(/^HP \d{2}\/\d{4}$/)
      const zpl = (await sink.waitForBytes((received) => received.includes(Buffer.from('^XZ')), 10_000)).toString('utf8')
      expect(zpl).toContain(number)
      expect(zpl).toContain('Toñito')
    } finally {
      await sink.close()
    }
  })

  test('finalize a report in the background', async ({ electronBench: { page } }) => {
    await expect(page.getByRole('searchbox', { name: 'Escanear o buscar' })).toBeFocused()
    const number = await receiveWalkIn(page, 'Luis (demo)', 'Trufa')
    await page.keyboard.press('Alt+4')
    await page.locator('#report-search').fill(number)
    await page.locator('#report-search').press('Enter')
    await expect(page.getByTestId('report-protocol')).toContainText(number)
    await page.locator('#report-macroscopy').fill('Nódulo de 2 cm, firme.')
    await page.locator('#report-diagnosis').fill('Sarcoma de tejidos blandos de grado I.')
    await page.locator('#report-pathologist').fill('Dra. Lucía Peñalver')
    await page.keyboard.press('Control+S')
    await expect(page.getByTestId('report-save-state')).toHaveText('Borrador guardado')
    await page.keyboard.press('Control+Enter')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('report-progress')).toHaveAttribute('data-state', 'finalized', { timeout: 30_000 })
    await expect(page.getByTestId('report-status')).toContainText('Finalizado')
  })

  test('the Jobs page shows a failed label job and its reason', async ({ electronBench: { page } }) => {
    await expect(page.getByRole('searchbox', { name: 'Escanear o buscar' })).toBeFocused()
    await receiveWalkIn(page, 'Luis (demo)', 'Kira')
    await expect(page.getByTestId('label-status')).toContainText('la etiqueta NO se imprimió')
    await page.keyboard.press('Alt+6')
    await expect(page.getByTestId('failed-jobs')).toContainText('no label printer is configured')
  })
})
