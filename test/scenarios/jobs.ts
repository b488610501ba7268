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
    await expect(page.getByTestId('label-status')).toContainText('la etiqueta NO se imprimió')

    // No printer is configured yet: the label job fails for good, and says why.
    await page.keyboard.press('Alt+6')
    const failed = page.getByTestId('failed-jobs')
    await expect(failed).toContainText('label.print')
    await expect(failed).toContainText('no label printer is configured')
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
    await expect(failed).not.toContainText('label.print')
    await expect(page.getByTestId('jobs-succeeded')).not.toContainText(/^0/)
  } finally {
    await sink.close()
  }
}
