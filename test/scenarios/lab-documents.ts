import { expect, type Page } from '@playwright/test'
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, storageOptionsFor, type RunningServer } from '../../server/src/server'
import { setPriceList } from '../../server/src/price-list'
import { openStorage } from '../../server/src/storage/open'
import { createSyncClient } from '../../src/main/features/sync/client'
import type { SyncRow } from '../../src/shared/sync-protocol'
import { makeTempDir } from '../support/temp-dir'
import type { BenchDriver } from './driver'
import { nameTheBench, receiveWalkIn } from './first-run'
import { issueFirstPendingOrder, receiveFromKnownVet } from './clerk-steps'

/**
 * Documents of the whole lab: a report finalized at one bench is opened at another, and a bench
 * whose data folder is wiped gets everything back from the server with the progress on screen.
 * Real installs (no demo data: a demo bench cannot pair) against a real reference server.
 */

const ADMIN_PIN = '2468'

/** The setup without a printer (a label waits for one; nothing here prints). */
async function setUp(bench: BenchDriver, benchName: string, pairWith?: RunningServer): Promise<void> {
  const { page } = bench
  await nameTheBench(bench, benchName)
  await page.getByRole('button', { name: 'Omitir' }).click()
  if (pairWith) {
    await page.getByLabel('Dirección del servidor').fill(pairWith.url)
    await page.getByLabel('Código de vinculación').fill((await pairWith.createPairingCode('bench')).code)
    await page.getByLabel('PIN de administración').fill(ADMIN_PIN)
    await page.getByRole('button', { name: 'Vincular', exact: true }).click()
    await expect(page.getByTestId('setup-paired')).toContainText(`«${benchName}»`)
    await expect(page.getByTestId('setup-numbers')).toContainText('Este puesto puede numerar')
  }
  await page.getByRole('button', { name: 'Terminar y empezar a recibir' }).click()
  await expect(page.getByRole('navigation', { name: 'main' }).locator('small')).toHaveText(benchName)
}

async function openReportOf(page: Page, number: string): Promise<void> {
  await page.keyboard.press('Alt+4')
  const search = page.locator('#report-search')
  await search.fill(number)
  await search.press('Enter')
  await expect(page.getByTestId('report-protocol')).toContainText(number)
}

/** Writes and finalizes version 1 of the protocol's report (the clerk from the setup is on duty). */
async function finalizeReport(page: Page, number: string): Promise<void> {
  await openReportOf(page, number)
  await page.locator('#report-macroscopy').fill('Fragmento de piel de 1 cm.')
  await page.locator('#report-diagnosis').fill('Mastocitoma cutáneo de bajo grado.')
  await page.locator('#report-pathologist').fill('Dra. Lucía Peñalver')
  await page.keyboard.press('Control+Enter')
  await expect(page.getByTestId('finalize-confirm')).toContainText('¿Finalizar la versión 1?')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('report-progress')).toHaveAttribute('data-state', 'finalized', { timeout: 30_000 })
}

async function syncNow(page: Page): Promise<void> {
  await page.keyboard.press('Alt+7')
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click()
  await expect(page.getByTestId('sync-pending')).toHaveText('0')
}

/** The lab's price list, set at the server (what `npm run server -- price-list FILE` does); benches pull it. */
async function setLabPriceList(dataDir: string): Promise<void> {
  const storage = await openStorage(storageOptionsFor({ dataDir }))
  try {
    await setPriceList(storage, [{ code: 'HP-BIO', description: 'Biopsia', unitPriceCents: 4500, taxRatePercent: 21, active: true }])
  } finally {
    await storage.close()
  }
}

/** Every row the server holds, as a lab workstation of the test reads them. */
async function serverRows(server: RunningServer, now: () => Date): Promise<SyncRow[]> {
  const clock = { now: () => now().getTime() }
  const reader = await createSyncClient({ baseUrl: server.url, ...clock }).pair((await server.createPairingCode('lab')).code, 'reader')
  return (await createSyncClient({ baseUrl: server.url, deviceId: reader.deviceId, secret: reader.secret, ...clock }).pull(0, 1000)).rows
}

/** The server holds the issued order's PDF: its hash reaches the server, after the bytes, in the round after the upload. */
async function serverHoldsWorkOrderPdf(server: RunningServer, now: () => Date): Promise<void> {
  await expect
    .poll(async () => (await serverRows(server, now)).filter((row) => row.entity === 'work_order' && typeof row.fields.pdfSha256 === 'string').length, { timeout: 30_000 })
    .toBe(1)
}

/** The server holds the finalized report (and so its PDF: a bench uploads the bytes before the row). */
async function serverHoldsFinalizedReport(server: RunningServer, now: () => Date): Promise<void> {
  await expect.poll(async () => (await serverRows(server, now)).filter((row) => row.entity === 'report' && row.fields.status === 'finalized').length, { timeout: 30_000 }).toBe(1)
}

/** The finalized report opened in the in-app viewer: the right protocol, version 1, the page drawn. */
async function viewerShowsTheReport(page: Page, number: string): Promise<void> {
  await page.keyboard.press('Control+O')
  const viewer = page.getByRole('region', { name: `Informe ${number} · v1` })
  await expect(viewer).toBeVisible()
  await expect(viewer).toContainText('1 página')
  await expect(viewer.locator('canvas.pdf-page[data-rendered="true"]')).toHaveCount(1)
  await page.keyboard.press('Escape')
  await expect(viewer).toHaveCount(0)
}

/**
 * Bench A finalizes a report and bills it; bench B, of the same lab, opens both read-only in the
 * viewer, says they come from A, and offers no second report and no correction of A's order.
 */
export async function reportMadeOnAOpenedOnB(a: BenchDriver, b: BenchDriver): Promise<void> {
  const dir = makeTempDir('rb-e2e-lab-documents-')
  const server = await startServer({ dataDir: dir.path, log: () => undefined, now: () => a.now().getTime() })
  try {
    await setLabPriceList(dir.path)
    await setUp(a, 'Recepción A', server)
    await setUp(b, 'Recepción B', server)

    const number = await receiveWalkIn(a, 'Pipa')
    await finalizeReport(a.page, number)
    const orderNumber = await issueFirstPendingOrder(a.page)
    await expect(a.page.getByTestId('wo-pdf-status')).toHaveText('PDF listo', { timeout: 30_000 })
    await syncNow(a.page)
    await serverHoldsFinalizedReport(server, a.now)
    await serverHoldsWorkOrderPdf(server, a.now)

    // B takes the lab's news with its next round: the protocol, the report and its PDF.
    await b.page.keyboard.press('Alt+7')
    await b.page.getByRole('button', { name: 'Sincronizar ahora' }).click()
    await expect(async () => {
      await openReportOf(b.page, number)
      await expect(b.page.getByTestId('report-copied-from')).toBeVisible({ timeout: 1_000 })
    }).toPass({ timeout: 30_000 })

    // Read-only on B: where it came from, its version, and no editor, no finalize, no first draft.
    await expect(b.page.getByTestId('report-copied-from')).toHaveText('Informe hecho en el puesto «Recepción A»: aquí solo se consulta (no se edita ni se finaliza).')
    await expect(b.page.getByTestId('report-status')).toHaveText('Versión 1 · Finalizado')
    await expect(b.page.getByTestId('report-protocol')).toContainText('Informado')
    await expect(b.page.getByTestId('report-version')).toHaveCount(1)
    await expect(b.page.getByTestId('report-version')).toContainText('de Recepción A')
    await expect(b.page.locator('#report-macroscopy')).toHaveCount(0)
    await expect(b.page.getByTestId('finalize-confirm')).toHaveCount(0)
    await b.page.keyboard.press('Control+Enter')
    await expect(b.page.getByTestId('finalize-confirm')).toHaveCount(0)

    await viewerShowsTheReport(b.page, number)

    // A's work order on B: read-only, from A, its PDF in the viewer, no "Corregir" nor "Anular".
    await b.page.keyboard.press('Alt+3')
    await b.page.getByTestId('wo-rows').getByRole('button').filter({ hasText: orderNumber }).click()
    const panel = b.page.getByTestId('wo-panel')
    await expect(panel).toHaveAttribute('data-status', 'issued')
    await expect(b.page.getByTestId('wo-number')).toHaveText(orderNumber)
    await expect(b.page.getByTestId('wo-copied-from')).toHaveText('Orden emitida en el puesto «Recepción A»: aquí solo se consulta; se corrige o se anula en ese puesto.')
    await expect(panel.getByRole('button', { name: 'Corregir (nueva versión)' })).toHaveCount(0)
    await expect(panel.getByRole('button', { name: 'Anular' })).toHaveCount(0)
    await b.page.keyboard.press('F6')
    const viewer = b.page.locator('section.pdf-viewer')
    await expect(viewer).toHaveAttribute('data-state', 'ready')
    await expect(viewer.locator('canvas.pdf-page').first()).toHaveAttribute('data-rendered', 'true')
  } finally {
    await server.close()
    dir.cleanup()
  }
}

/** A bench with data synced loses its data folder, is paired again from the Sync page and watches everything come back. */
export async function wipedBenchRestoredWithProgress(bench: BenchDriver): Promise<void> {
  const { now } = bench
  const dir = makeTempDir('rb-e2e-restore-')
  const server = await startServer({ dataDir: dir.path, log: () => undefined, now: () => now().getTime() })
  try {
    await setUp(bench, 'Recepción Sur', server)
    const reported = await receiveWalkIn(bench, 'Lola')
    await receiveFromKnownVet(bench.page, 'Bruno')
    await finalizeReport(bench.page, reported)
    await syncNow(bench.page)
    await serverHoldsFinalizedReport(server, now)
    await bench.page.keyboard.press('Alt+2')
    // The figure the Protocols page counts (without the search's timing beside it).
    await expect(bench.page.getByTestId('result-count')).toContainText(/^2 protocolos/)
    const before = /^\d+ protocolos/.exec(await bench.page.getByTestId('result-count').innerText())![0]

    // The disk is replaced: an empty data folder, set up again, then paired from the Sync page.
    await bench.restart((dataDir) => {
      for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true })
    })
    const { page } = bench
    await setUp(bench, 'Recepción Sur')
    await page.keyboard.press('Alt+2')
    await expect(page.getByTestId('result-count')).toContainText(/^0 protocolos/)
    await page.keyboard.press('Alt+7')
    await page.getByLabel('Dirección del servidor').fill(server.url)
    await page.getByLabel('Código de vinculación').fill((await server.createPairingCode('bench')).code)
    await page.getByLabel('PIN de administración').fill(ADMIN_PIN)
    await page.getByRole('button', { name: 'Vincular', exact: true }).click()

    // The restore on screen: per kind, what came against what the server holds, then the PDFs, then the end.
    const restore = page.getByTestId('sync-restore')
    await expect(restore).toBeVisible()
    await expect(restore).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
    await expect(page.getByTestId('sync-restore-state')).toHaveText('Terminada: este puesto tiene todo lo que guarda el servidor.')
    await expect(page.getByTestId('sync-restore-protocol')).toHaveText('2 de 2')
    await expect(page.getByTestId('sync-restore-work_order')).toHaveText('0 de 0')
    await expect(page.getByTestId('sync-restore-report')).toHaveText('1 de 1')
    await expect(page.getByTestId('sync-restore-pdf')).toHaveText('1 de 1')

    // The same counts as before the disk died (the list on screen follows the restore), and the report opens from its restored PDF.
    await page.keyboard.press('Alt+2')
    await expect(page.getByTestId('result-count')).toContainText(new RegExp(`^${before}`))
    await openReportOf(page, reported)
    await expect(page.getByTestId('report-status')).toHaveText('Versión 1 · Finalizado')
    await viewerShowsTheReport(page, reported)
  } finally {
    await server.close()
    dir.cleanup()
  }
}
