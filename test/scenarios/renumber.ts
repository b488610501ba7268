import { expect } from '@playwright/test'
import { startServer } from '../../server/src/server'
import { startPrinterSink } from '../../bench/workloads/printer-sink'
import { createSyncClient } from '../../src/main/features/sync/client'
import { makeTempDir } from '../support/temp-dir'
import type { BenchDriver } from './driver'
import { finishSetupWithARange } from './first-run'

/**
 * A bench that numbered from a typed range another bench had already registered: pairing, the
 * server refuses its number, and "Renumerar" in the Sync conflicts list gives the protocol a
 * number the server leased, with its new label at the printer. Needs a bench started without
 * demo data (`freshBench`).
 */
export async function renumberARefusedNumberFromTheConflictsList(bench: BenchDriver): Promise<void> {
  const { page, now } = bench
  const year = now().getFullYear()
  const yy = String(year % 100).padStart(2, '0')
  const dir = makeTempDir('rb-e2e-renumber-')
  const server = await startServer({ dataDir: dir.path, log: () => undefined, now: () => now().getTime() })
  const sink = await startPrinterSink()
  const clock = { now: () => now().getTime() }
  try {
    // Another bench registered HP 1-50 of this year first.
    const other = await createSyncClient({ baseUrl: server.url, ...clock }).pair((await server.createPairingCode('bench')).code, 'Recepción Este')
    await createSyncClient({ baseUrl: server.url, deviceId: other.deviceId, secret: other.secret, ...clock }).claimRange({ type: 'HP', year, start: 1, end: 50 })

    // This bench, offline, was given the same range by mistake, and received a sample with it.
    await finishSetupWithARange(bench, { benchName: 'Recepción Oeste', start: 1, end: 50, printerPort: sink.port })
    await page.keyboard.press('F2')
    await page.keyboard.press('F3')
    await page.locator('#new-vet-name').fill('Dra. Doble')
    await page.locator('#new-vet-name').press('Enter')
    await page.locator('#animal-name').fill('Rayo')
    await page.locator('#animal-species').fill('Perro')
    await page.locator('#sample-type').fill('Biopsia')
    await page.locator('#sample-type').press('Enter')
    const refused = `HP ${yy}/0001`
    await expect(page.getByTestId('last-result').locator('.big-number')).toHaveText(refused)
    await sink.waitForJobs(1, 10_000)

    // Pairing: the typed range is refused, and with it the number.
    await page.keyboard.press('Alt+7')
    await page.getByLabel('Dirección del servidor').fill(server.url)
    await page.getByLabel('Código de vinculación').fill((await server.createPairingCode('bench')).code)
    await page.getByLabel('PIN de administración').fill('2468')
    await page.getByLabel('PIN de administración').press('Enter')
    // The protocol's refusal (the refused range is listed too, as 'HP yy/0001-0050').
    const conflict = page.getByTestId('sync-conflict').filter({ hasText: new RegExp(`${refused}(?!-)`) })
    await expect(conflict).toBeVisible()
    // Only the protocol's refusal can be renumbered (not the refused range's own conflict).
    await expect(page.getByRole('button', { name: 'Renumerar' })).toHaveCount(1)

    await conflict.getByRole('button', { name: 'Renumerar' }).click()
    const status = page.getByRole('status').filter({ hasText: 'Renumerado' })
    await expect(status).toContainText(new RegExp(`${refused} → HP ${yy}/\\d{4}\\. La etiqueta nueva va a la impresora`))
    const renumbered = /→ (HP \d{2}\/\d{4})/.exec(await status.innerText())![1]!
    expect(renumbered).not.toBe(refused)
    await expect(page.getByRole('button', { name: 'Renumerar' })).toHaveCount(0)
    // One action: the protocol's refusal leaves the list; the refused range stays to review.
    await expect(conflict).toHaveCount(0)
    await expect(page.getByTestId('sync-conflict')).toHaveCount(1)
    // The new label, at once, at the printer.
    const labels = await sink.waitForJobs(2, 10_000)
    expect(labels[1]!.toString('utf8')).toContain(renumbered)

    // The server takes the new number; the old label still finds the protocol.
    await page.getByRole('button', { name: 'Sincronizar ahora' }).click()
    await expect(page.getByTestId('sync-pending')).toHaveText('0')
    const reader = await createSyncClient({ baseUrl: server.url, ...clock }).pair((await server.createPairingCode('lab')).code, 'reader')
    const rows = (await createSyncClient({ baseUrl: server.url, deviceId: reader.deviceId, secret: reader.secret, ...clock }).pull(0, 1000)).rows
    expect(rows.filter((row) => row.entity === 'protocol').map((row) => row.fields.number)).toEqual([renumbered])
    await page.keyboard.press('Alt+1')
    const scan = page.getByRole('searchbox', { name: 'Escanear o buscar' })
    await scan.fill(refused)
    await scan.press('Enter')
    await expect(page.locator('section.detail h2 .number')).toHaveText(renumbered)
  } finally {
    await sink.close()
    await server.close()
    dir.cleanup()
  }
}
