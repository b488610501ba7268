import { expect } from '@playwright/test'
import { startPrinterSink } from '../../bench/workloads/printer-sink'
import type { BenchDriver } from './driver'
import { fillWalkIn, showWaitingSubmissions } from './clerk-steps'

/** The ZPL formats in what the printer got, and the container tag each carries. */
const containerTags = (zpl: string) => zpl.split('^XA').slice(1).map((format) => /\^FD(\d+\/\d+)\^FS/.exec(format)?.[1] ?? null)

export async function perContainerRunPrintsOneLabelPerContainer({ page }: BenchDriver): Promise<void> {
  const sink = await startPrinterSink()
  try {
    await page.keyboard.press('Alt+8')
    // The box shows the saved setting: checked once the bench has answered.
    await page.locator('#label-per-container').click()
    await expect(page.locator('#label-per-container')).toBeChecked()
    await page.locator('#printer-driver').selectOption('tcp9100')
    await page.locator('#printer-host').fill('127.0.0.1')
    await page.locator('#printer-port').fill(String(sink.port))
    await page.getByRole('button', { name: 'Guardar impresora' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Impresora guardada' })).toBeVisible()
    await expect(page.locator('#label-per-container')).toBeChecked()

    await page.keyboard.press('Alt+1')
    await page.locator('#clerk').selectOption('Ana (demo)')
    await fillWalkIn(page, { vet: 2, animal: 'Maximiliano Wenceslao de la Santísima Trinidad', species: 'Perro', sampleType: 'Biopsias', containers: 3 })
    await page.locator('#sample-type').press('Enter')
    const number = await page.getByTestId('last-result').locator('.big-number').innerText()

    // One run: three formats in one delivery, numbered 1/3, 2/3, 3/3, each with the protocol number.
    const [run] = await sink.waitForJobs(1, 10_000)
    const zpl = run!.toString('utf8')
    expect(containerTags(zpl)).toEqual(['1/3', '2/3', '3/3'])
    expect(zpl.split(number).length - 1).toBeGreaterThanOrEqual(3)
    // The long name wraps at a space onto a second line, and only that one is cut.
    expect(zpl).toContain('^FDMaximiliano^FS')
    expect(zpl).toMatch(/\^FDWenceslao [^^]*\.\.\.\^FS/)

    // Container 2's label again, from the protocol's detail: one label, tagged 2/3.
    await page.keyboard.press('Alt+2')
    const search = page.getByRole('searchbox', { name: 'Buscar protocolos' })
    await search.fill(number)
    await expect(page.getByTestId('result-count')).toContainText(/(^|\D)1 protocolo(?!s)/)
    await search.press('Enter')
    await expect(page.locator('section.detail h2 .number')).toHaveText(number)
    await page.locator('#reprint-container').selectOption({ label: 'recipiente 2/3' })
    await page.getByRole('button', { name: 'Reimprimir etiqueta' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Reimpresión del recipiente 2/3 en cola' })).toBeVisible()
    const jobs = await sink.waitForJobs(2, 10_000)
    expect(containerTags(jobs[1]!.toString('utf8'))).toEqual(['2/3'])
    // Printed while the clerk is on the Protocols page: a notice says so and opens the protocol.
    const notice = page.getByTestId('notice').filter({ hasText: 'Etiqueta impresa' })
    await expect(notice.first()).toBeVisible({ timeout: 15_000 })
  } finally {
    await sink.close()
  }
}

export async function noticeOnAnotherPageWhenABulkRunEnds({ page }: BenchDriver): Promise<void> {
  await page.locator('#clerk').selectOption('Ana (demo)')
  await showWaitingSubmissions(page)
  await expect(page.locator('.row').first()).toContainText('Pre-registrado')
  await page.locator('.row input[type="checkbox"]').nth(0).click()
  await page.locator('.row input[type="checkbox"]').nth(1).click()
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Recibir' }).click()
  // Straight to another page: the notice is the shell's, so it is said there (whether the run
  // ended before or after the page changed, it stays until the clerk closes it).
  await page.keyboard.press('Alt+6')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Tareas')
  const notice = page.getByTestId('notice').filter({ hasText: 'La acción en bloque ha terminado.' })
  await expect(notice).toBeVisible({ timeout: 15_000 })
  await expect(notice).toHaveAttribute('data-outcome', 'done')
  // No code or English text on screen.
  await expect(page.getByTestId('notices')).not.toContainText(/bulk\.run|bulk:|Error/)
  // Its link opens the batch's result on the Protocols page.
  await notice.getByRole('button', { name: 'Ver resultado' }).click()
  await expect(page.getByTestId('bulk-progress')).toHaveAttribute('data-state', 'done')
  await expect(page.getByTestId('bulk-counts')).toContainText('2 correctos · 0 con error')
  await expect(page.getByTestId('notice').filter({ hasText: 'La acción en bloque ha terminado.' })).toHaveCount(0)
}
