import { existsSync, readFileSync } from 'node:fs'
import { expect } from '@playwright/test'
import type { BenchDriver } from './driver'

export async function bulkReceiveUndoAndFailedReprints({ page }: BenchDriver): Promise<void> {
  await page.locator('#clerk').selectOption('Ana (demo)')
  await page.keyboard.press('Alt+2')
  const status = page.locator('select[aria-label="Estado"]')
  const count = page.getByTestId('result-count')

  // Check three waiting submissions: a click, then a shift-click on the third.
  await status.selectOption('registered')
  await expect(page.locator('.row').first()).toContainText('Pre-registrado')
  const waiting = Number(/\d+/.exec(await count.innerText())![0])
  const boxes = page.locator('.row input[type="checkbox"]')
  await boxes.nth(0).click()
  await boxes.nth(2).click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('bulk-selected')).toHaveText('3 seleccionados')
  await page.getByTestId('bulk-bar').getByRole('button', { name: 'Recibir' }).click()
  const progress = page.getByTestId('bulk-progress')
  await expect(progress).toHaveAttribute('data-state', 'done')
  await expect(page.getByTestId('bulk-progress-count')).toHaveText('3 de 3')
  await expect(page.getByTestId('bulk-counts')).toContainText('3 correctos · 0 con error')
  // Received now: the list of waiting submissions refreshes by itself.
  await expect(count).toContainText(`${waiting - 3} protocolos`)
  // The run's own panel (the notices above the page have close buttons of their own).
  await progress.getByRole('button', { name: 'Cerrar', exact: true }).click()

  // Everything received goes to processing (keyboard: Ctrl+Shift+A marks all that match), then back.
  await status.selectOption('received')
  await expect(page.locator('.row').first()).toContainText('Recibido')
  const received = Number(/\d+/.exec(await count.innerText())![0])
  await page.getByRole('searchbox', { name: 'Buscar protocolos' }).press('Control+Shift+A')
  await expect(page.getByTestId('bulk-selected')).toHaveText(`Todos los que coinciden (${received})`)
  await page.getByRole('combobox', { name: 'Nuevo estado' }).selectOption('processing')
  await page.getByRole('button', { name: 'Cambiar estado' }).click()
  await expect(progress).toHaveAttribute('data-state', 'done')
  await expect(page.getByTestId('bulk-counts')).toContainText(`${received} correctos`)
  await expect(count).toContainText('0 protocolos')
  await page.getByRole('button', { name: 'Deshacer todo' }).click()
  await expect(progress).toHaveAttribute('data-state', 'done')
  await expect(progress).toContainText('Deshacer acción en bloque')
  await expect(count).toContainText(`${received} protocolos`)
  await progress.getByRole('button', { name: 'Cerrar', exact: true }).click()

  // No printer is configured: each reprint fails with the reason, listed, and can be retried.
  await page.locator('.row input[type="checkbox"]').nth(0).click()
  await page.locator('.row input[type="checkbox"]').nth(1).click()
  await page.getByRole('button', { name: 'Reimprimir etiquetas' }).click()
  await expect(progress).toHaveAttribute('data-state', 'done')
  await expect(page.getByTestId('bulk-counts')).toContainText('0 correctos · 2 con error')
  const failures = page.getByTestId('bulk-failures').locator('li')
  await expect(failures).toHaveCount(2)
  await expect(failures.first()).toContainText('No hay impresora de etiquetas configurada')
  await expect(page.getByRole('button', { name: 'Deshacer todo' })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Reintentar los fallidos' })).toBeVisible()
}

export async function exportSearchToCsv({ page, exportsDir }: BenchDriver): Promise<void> {
  await page.keyboard.press('Alt+2')
  await page.locator('select[aria-label="Estado"]').selectOption('rejected')
  await expect(page.locator('.row').first()).toContainText('Rechazado')
  const rejected = Number(/\d+/.exec(await page.getByTestId('result-count').innerText())![0])
  await page.getByRole('button', { name: 'CSV' }).click()
  const status = page.getByTestId('export-status')
  await expect(status).toHaveAttribute('data-state', 'done')
  await expect(status).toContainText(`${rejected} filas guardadas en ${exportsDir}/`)
  const path = /en (\S+\.csv)/.exec(await status.innerText())![1]!
  expect(existsSync(path)).toBe(true)
  const lines = readFileSync(path, 'utf8').trimEnd().split('\r\n')
  expect(lines).toHaveLength(rejected + 1)
  expect(lines[0]!.startsWith('\uFEFFNúmero;')).toBe(true)
}
