import { expect } from '@playwright/test'
import type { BenchDriver } from './driver'
import { fillWalkIn } from './clerk-steps'

export async function reportFinalizedInTheBackgroundAndViewed(bench: BenchDriver): Promise<void> {
  const { page } = bench
  await page.locator('#clerk').selectOption('Luis (demo)')
  await fillWalkIn(page, { vet: 1, animal: 'Trufa', species: 'Perro', owner: 'Peña Ibáñez', sampleType: 'Nódulo cutáneo' })
  await page.locator('#sample-type').press('Enter')
  const number = await page.getByTestId('last-result').locator('.big-number').innerText()
  expect(number).toMatch(/^HP \d{2}\/\d{4}$/)

  // Find it as a scanner would: the number and Enter open the one protocol it names.
  await page.keyboard.press('Alt+4')
  const search = page.locator('#report-search')
  await expect(search).toBeFocused()
  await search.fill(number)
  await search.press('Enter')
  await expect(page.getByTestId('report-protocol')).toContainText(number)
  await expect(page.getByTestId('report-protocol')).toContainText('Trufa')

  await page.locator('#report-macroscopy').fill('Nódulo de 2 cm, firme, blanquecino al corte.')
  // Alt+A adds a cassette row with the next code and puts the cursor in it.
  await page.keyboard.press('Alt+A')
  await expect(page.locator('#cassette-code-0')).toBeFocused()
  await expect(page.locator('#cassette-code-0')).toHaveValue('A1')
  await page.keyboard.press('Tab')
  await page.keyboard.type('Nódulo, sección central')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Control+A')
  await page.keyboard.type('2')
  await page.keyboard.press('Tab')
  await page.keyboard.type('Proliferación de células fusiformes.')
  await page.keyboard.press('Alt+A')
  await expect(page.locator('#cassette-code-1')).toHaveValue('A2')
  await page.keyboard.press('Alt+A')
  await expect(page.getByTestId('cassette-row')).toHaveCount(3)
  // Ctrl+Delete removes the row being typed in.
  await expect(page.locator('#cassette-code-2')).toBeFocused()
  await page.keyboard.press('Control+Delete')
  await expect(page.getByTestId('cassette-row')).toHaveCount(2)

  await page.locator('#report-diagnosis').fill('Sarcoma de tejidos blandos de grado I.')
  await page.keyboard.press('Control+S')
  await expect(page.getByTestId('report-save-state')).toHaveText('Borrador guardado')
  await expect(page.getByTestId('report-status')).toContainText('Versión 1 · Borrador')

  // Finalizing asks on one line; without a pathologist it says what is missing.
  await page.keyboard.press('Control+Enter')
  await expect(page.getByTestId('finalize-confirm')).toContainText('el nombre del patólogo/a')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('finalize-confirm')).toHaveCount(0)
  await page.locator('#report-pathologist').fill('Dra. Lucía Peñalver')
  await page.keyboard.press('Control+Enter')
  await expect(page.getByTestId('finalize-confirm')).toContainText('¿Finalizar la versión 1?')
  await page.keyboard.press('Enter')

  const progress = page.getByTestId('report-progress')
  await expect(progress).toBeVisible()
  await expect(progress).toHaveAttribute('data-state', 'finalized', { timeout: 30_000 })
  await expect(progress).toContainText('Informe finalizado')
  await expect(page.getByTestId('report-status')).toContainText('Versión 1 · Finalizado')
  await expect(page.getByTestId('report-protocol')).toContainText('Informado')
  await expect(page.getByTestId('report-finalized-on')).toContainText(/SHA-256 [0-9a-f]{16}/)

  await page.keyboard.press('Control+O')
  const viewer = page.getByRole('region', { name: /Informe HP/ })
  await expect(viewer).toBeVisible()
  await expect(viewer).toContainText('1 página')
  await expect(viewer.locator('canvas.pdf-page[data-rendered="true"]')).toHaveCount(1)
  await page.keyboard.press('Escape')
  await expect(viewer).toHaveCount(0)

  // A fresh start of the window finds the result where it was left.
  await bench.reload()
  await page.keyboard.press('Alt+4')
  await page.locator('#report-search').fill(number)
  await page.locator('#report-search').press('Enter')
  await expect(page.getByTestId('report-progress')).toHaveAttribute('data-state', 'finalized')
  await expect(page.getByTestId('report-version')).toHaveCount(1)
  await expect(page.getByRole('button', { name: 'Rectificar' })).toBeVisible()
}
