import { expect } from '@playwright/test'
import { startPrinterSink } from '../../bench/workloads/printer-sink'
import type { BenchDriver } from './driver'
import { fillWalkIn } from './clerk-steps'

export async function networkPrinterGetsTheLabelBytes({ page, now }: BenchDriver): Promise<void> {
  const sink = await startPrinterSink()
  try {
    await page.keyboard.press('Alt+8')
    await page.locator('#printer-driver').selectOption('tcp9100')
    await page.locator('#printer-host').fill('127.0.0.1')
    // Validated as typed: a port out of range marks the field and disables Save.
    await page.locator('#printer-port').fill('70000')
    await expect(page.locator('#printer-port')).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByRole('button', { name: 'Guardar impresora' })).toBeDisabled()
    await page.locator('#printer-port').fill(String(sink.port))
    await page.getByRole('button', { name: 'Guardar impresora' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Impresora guardada' })).toBeVisible()
    await page.getByRole('button', { name: 'Comprobar estado' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'La impresora está lista' })).toBeVisible()

    await page.keyboard.press('Alt+1')
    await page.locator('#clerk').selectOption('Ana (demo)')
    await fillWalkIn(page, { vet: 2, animal: 'Toñito', species: 'Perro', sampleType: 'Masa mamaria' })
    await page.locator('#sample-type').press('Enter')
    const number = await page.getByTestId('last-result').locator('.big-number').innerText()
    // Numbered in the bench's year.
    expect(number).toMatch(new RegExp(`^HP ${String(now().getFullYear() % 100).padStart(2, '0')}/\\d{4}$`))

    const bytes = await sink.waitForBytes((received) => received.includes(Buffer.from('^XZ')), 10_000)
    const zpl = bytes.toString('utf8')
    expect(zpl).toContain(number)
    expect(zpl).toContain('Toñito')

    // Reprint from the protocol's detail: the same bytes again.
    await page.keyboard.press('Alt+2')
    const search = page.getByRole('searchbox', { name: 'Buscar protocolos' })
    await search.fill(number)
    // Enter opens the selected row: wait for the search's own answer, or Enter could open a row
    // of the unfiltered list that the debounced search then replaces.
    await expect(page.getByTestId('result-count')).toContainText(/(^|\D)1 protocolo(?!s)/)
    await search.press('Enter')
    await expect(page.locator('section.detail h2 .number')).toHaveText(number)
    await page.getByRole('button', { name: 'Reimprimir etiqueta' }).click()
    const jobs = await sink.waitForJobs(2, 10_000)
    expect(Buffer.compare(jobs[0]!, jobs[1]!)).toBe(0)

    // The label's QR, read back by a scanner into the reception scan field, opens the protocol.
    const qrPayload = /\^FDQA,([^^]+)\^FS/.exec(zpl)?.[1]
    expect(qrPayload).toMatch(/^https?:\/\/\S+\/[0-9a-f-]{36}$/)
    await page.keyboard.press('Escape')
    await page.keyboard.press('Alt+1')
    const scan = page.getByRole('searchbox', { name: 'Escanear o buscar' })
    await scan.fill(qrPayload!)
    await scan.press('Enter')
    await expect(page.locator('section.detail h2 .number')).toHaveText(number)
  } finally {
    await sink.close()
  }
}
