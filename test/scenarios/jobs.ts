import { expect } from '@playwright/test'
import { startPrinterSink } from '../../bench/workloads/printer-sink'
import type { BenchDriver } from './driver'

export async function failedLabelJobRetriedOncePrinterExists({ page }: BenchDriver): Promise<void> {
  const sink = await startPrinterSink()
  try {
    await page.locator('#clerk').selectOption('Luis (demo)')
    await page.keyboard.press('F2')
    await page.locator('#veterinarian').selectOption({ index: 1 })
    await page.locator('#animal-name').fill('Kira')
    await page.locator('#animal-species').fill('Gato')
    await page.locator('#sample-type').fill('Citología')
    await page.locator('#sample-type').press('Enter')
    const labelStatus = page.getByTestId('label-status')
    await expect(labelStatus).toContainText('Etiqueta NO impresa. No hay impresora de etiquetas configurada')
    await expect(labelStatus).toHaveAttribute('data-tone', 'problem')

    // No printer is configured yet: the label job fails for good, and says why, in words; the
    // kind by its name, the English detail only behind "detalles".
    await page.keyboard.press('Alt+6')
    const failed = page.getByTestId('failed-jobs')
    await expect(failed).toContainText('Etiqueta #')
    await expect(failed).toContainText('No hay impresora de etiquetas configurada')
    await expect(failed).not.toContainText('label.print')
    await expect(failed).not.toContainText('no label printer is configured')
    await failed.getByRole('button', { name: 'detalles' }).click()
    await expect(failed.getByTestId('details-text')).toContainText('no label printer is configured')
    await expect(page.getByTestId('jobs-failed')).toContainText('1')

    await page.keyboard.press('Alt+8')
    await page.locator('#printer-host').fill('127.0.0.1')
    await page.locator('#printer-port').fill(String(sink.port))
    await page.getByRole('button', { name: 'Guardar impresora' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Impresora guardada' })).toBeVisible()

    await page.keyboard.press('Alt+6')
    await failed.getByRole('button', { name: 'Reintentar' }).click()
    await sink.waitForJobs(1, 10_000)
    // Retry re-reads the stats: the failure is gone and the success is counted.
    await expect(failed).not.toContainText('Etiqueta #')
    await expect(page.getByTestId('jobs-succeeded')).not.toContainText(/^0/)
  } finally {
    await sink.close()
  }
}

export async function printerDownSaidWithoutTechnicalText({ page }: BenchDriver): Promise<void> {
  // A printer that is off: a port nothing listens on any more.
  const sink = await startPrinterSink()
  const port = sink.port
  await sink.close()
  await page.keyboard.press('Alt+8')
  await page.locator('#printer-driver').selectOption('tcp9100')
  await page.locator('#printer-host').fill('127.0.0.1')
  await page.locator('#printer-port').fill(String(port))
  await page.getByRole('button', { name: 'Guardar impresora' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Impresora guardada' })).toBeVisible()

  await page.keyboard.press('Alt+1')
  await page.locator('#clerk').selectOption('Ana (demo)')
  await page.keyboard.press('F2')
  await page.locator('#veterinarian').selectOption({ index: 1 })
  await page.locator('#animal-name').fill('Luna')
  await page.locator('#animal-species').fill('Perro')
  await page.locator('#sample-type').fill('Biopsia')
  await page.locator('#sample-type').press('Enter')
  const labelStatus = page.getByTestId('label-status')
  await expect(labelStatus).toContainText('no responde')
  await expect(labelStatus).toContainText('Etiqueta NO impresa')
  await expect(labelStatus).toHaveAttribute('data-tone', 'problem')
  await expect(labelStatus).toHaveClass(/label-problem/)
  for (const technical of ['ECONNREFUSED', 'PrinterError', 'label.print']) await expect(labelStatus).not.toContainText(technical)
  // The socket error is there for whoever supports the bench, behind "detalles".
  await labelStatus.getByRole('button', { name: 'detalles' }).click()
  await expect(labelStatus.getByTestId('details-text')).toContainText('ECONNREFUSED')
}
