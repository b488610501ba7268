import { expect, type Page } from '@playwright/test'
import { closedPort, startPrinterSink } from '../../bench/workloads/printer-sink'
import type { BenchDriver } from './driver'
import { fillWalkIn } from './clerk-steps'

async function saveNetworkPrinter(page: Page, port: number): Promise<void> {
  await page.keyboard.press('Alt+8')
  await page.locator('#printer-driver').selectOption('tcp9100')
  await page.locator('#printer-host').fill('127.0.0.1')
  await page.locator('#printer-port').fill(String(port))
  await page.getByRole('button', { name: 'Guardar impresora' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Impresora guardada' })).toBeVisible()
}

/** Receives a walk-in sample on Ana's shift; what happens to its label is the caller's to check. */
async function receiveAWalkIn(page: Page, name: string, species: string): Promise<void> {
  await page.keyboard.press('Alt+1')
  await page.locator('#clerk').selectOption('Ana (demo)')
  await fillWalkIn(page, { vet: 1, animal: name, species, sampleType: 'Biopsia' })
  await page.locator('#sample-type').press('Enter')
}

export async function failedLabelJobRetriedOncePrinterExists({ page }: BenchDriver): Promise<void> {
  const sink = await startPrinterSink()
  try {
    await page.locator('#clerk').selectOption('Luis (demo)')
    await fillWalkIn(page, { vet: 1, animal: 'Kira', species: 'Gato', sampleType: 'Citología' })
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
  await saveNetworkPrinter(page, await closedPort())
  await receiveAWalkIn(page, 'Luna', 'Perro')
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

export async function queuedLabelWaitsForThePrinterAndIsCancelled({ page }: BenchDriver): Promise<void> {
  await saveNetworkPrinter(page, await closedPort())
  await receiveAWalkIn(page, 'Nieve', 'Gato')
  await expect(page.getByTestId('last-result').locator('.big-number')).toHaveText(/^HP \d{2}\/\d{4}$/)

  // The printer is off: the label stays queued, waiting for the printer, with the refusal as its
  // reason in words; the socket error only behind "detalles".
  await page.keyboard.press('Alt+6')
  const label = page.getByTestId('queued-jobs').locator('tr[data-kind="label.print"]')
  await expect(label).toContainText('Etiqueta')
  await expect(label).toContainText(/a la impresora: reintento a las \d/)
  await expect(label).toContainText('Motivo:')
  await expect(label).toContainText('no responde')
  await expect(label).not.toContainText('ECONNREFUSED')
  await label.getByRole('button', { name: 'detalles' }).click()
  await expect(label.getByTestId('details-text')).toContainText('ECONNREFUSED')

  await label.getByRole('button', { name: 'Cancelar' }).click()
  await expect(label).toHaveCount(0)
  await expect(page.getByTestId('jobs-cancelled')).toContainText('1')
  await expect(page.getByTestId('jobs-by-kind').locator('tr[data-kind="label.print"]')).toContainText('Etiqueta')
}

export async function healthTurnsRedWhenThePrinterGoesAway({ page }: BenchDriver): Promise<void> {
  const sink = await startPrinterSink()
  let sinkOpen = true
  try {
    await saveNetworkPrinter(page, sink.port)
    await page.keyboard.press('Alt+6')
    const panel = page.getByTestId('health-panel')
    const printer = panel.locator('[data-check="printer"]')
    await panel.getByRole('button', { name: 'Comprobar ahora' }).click()
    await expect(printer).toHaveAttribute('data-level', 'green')
    await expect(printer).toContainText('preparada')

    await sink.close()
    sinkOpen = false
    await panel.getByRole('button', { name: 'Comprobar ahora' }).click()
    await expect(printer).toHaveAttribute('data-level', 'red')
    await expect(printer).toContainText('no responde')
    await expect(panel).toHaveAttribute('data-level', 'red')
    await expect(page.getByTestId('health-badge')).toHaveAttribute('data-level', 'red')
    await expect(page.getByTestId('health-badge')).toContainText('problema')
  } finally {
    if (sinkOpen) await sink.close()
  }
}
