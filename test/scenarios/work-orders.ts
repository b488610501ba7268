import { existsSync, readFileSync } from 'node:fs'
import { expect } from '@playwright/test'
import { pdfPageCount } from '../support/pdf-tools'
import type { BenchDriver } from './driver'
import { issueFirstPendingOrder } from './clerk-steps'

export async function billAVeterinarianIssueViewAndSave({ page, now, exportsDir, printFromViewer }: BenchDriver): Promise<void> {
  const cspViolations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text())
  })
  await page.locator('#clerk').selectOption('Ana (demo)')
  await page.keyboard.press('Alt+3')
  await expect(page.getByRole('heading', { name: 'Órdenes de trabajo', level: 1 })).toBeVisible()

  // The veterinarian with most protocols waiting: a draft with one line per protocol.
  const firstPending = page.getByTestId('wo-pending').getByRole('button').first()
  await firstPending.focus()
  await page.keyboard.press('Enter')
  const panel = page.getByTestId('wo-panel')
  await expect(panel).toHaveAttribute('data-status', 'draft')
  const lines = panel.getByTestId('wo-line')
  await expect(lines.first()).toBeVisible()
  const lineCount = await lines.count()
  const totalBefore = await page.getByTestId('wo-total').innerText()

  // Keyboard: change the first quantity, Enter goes down the column, Ctrl+S saves.
  const quantity = page.locator('input[data-field="quantity"][data-row="0"]')
  await quantity.fill('3')
  await quantity.press('Enter')
  expect(lineCount).toBeGreaterThan(1)
  await expect(page.locator('input[data-field="quantity"][data-row="1"]')).toBeFocused()
  await expect(page.getByTestId('wo-total')).not.toHaveText(totalBefore)
  await page.keyboard.press('Control+s')
  await expect(page.getByTestId('wo-notice')).toHaveText('Borrador guardado')

  // Ctrl+Enter issues: the order gets its number and becomes read-only.
  await page.keyboard.press('Control+Enter')
  await expect(panel).toHaveAttribute('data-status', 'issued')
  const number = await page.getByTestId('wo-number').innerText()
  expect(number).toBe(`OT ${String(now().getFullYear() % 100).padStart(2, '0')}/0001`)
  await expect(page.locator('input[data-field="quantity"]')).toHaveCount(0)
  await expect(page.getByTestId('wo-rows')).toContainText(number)
  await expect(page.getByTestId('wo-pdf-status')).toHaveText('PDF listo')

  // F6: the PDF opens inside the app, drawn by pdf.js from the stored file.
  await page.keyboard.press('F6')
  const viewer = page.locator('section.pdf-viewer')
  await expect(viewer).toHaveAttribute('data-state', 'ready')
  const pageCount = Number(/(\d+) páginas?/.exec(await viewer.locator('.pdf-pages').innerText())?.[1])
  expect(pageCount).toBeGreaterThanOrEqual(1)
  const canvases = viewer.locator('canvas.pdf-page')
  await expect(canvases).toHaveCount(pageCount)
  await expect(canvases.last()).toHaveAttribute('data-rendered', 'true')
  const inked = await canvases.first().evaluate((element: HTMLCanvasElement) => {
    const data = element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data
    let dark = 0
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 1]! < 128 && data[i + 2]! < 128) dark++
    return dark
  })
  expect(inked).toBeGreaterThan(1000)

  // Save: no OS dialog in the harness, so it lands in <dataDir>/exports/ (Electron: where the stubbed dialog points).
  await viewer.getByRole('button', { name: /Guardar/ }).click()
  const saved = viewer.getByRole('status')
  await expect(saved).toContainText('Guardado en')
  const path = (await saved.innerText()).replace('Guardado en ', '').trim()
  expect(path.startsWith(`${exportsDir}/`)).toBe(true)
  expect(existsSync(path)).toBe(true)
  // The file on disk is the one the viewer showed: same number of pages for poppler.
  expect(await pdfPageCount(new Uint8Array(readFileSync(path)))).toBe(pageCount)

  await printFromViewer(viewer)

  // Esc closes the viewer and leaves the order on screen.
  await viewer.locator('.pdf-pages-area').focus()
  await page.keyboard.press('Escape')
  await expect(viewer).toHaveCount(0)
  await expect(panel).toBeVisible()
  expect(cspViolations).toEqual([])
}

export async function correctionIssuedAsANewVersion({ page }: BenchDriver): Promise<void> {
  await page.locator('#clerk').selectOption('Luis (demo)')
  const number = await issueFirstPendingOrder(page)
  const panel = page.getByTestId('wo-panel')

  await panel.getByRole('button', { name: 'Corregir (nueva versión)' }).click()
  await expect(panel).toHaveAttribute('data-status', 'draft')
  await expect(panel).toContainText('v2')
  await expect(page.getByTestId('wo-number')).toHaveText(number)
  await page.locator('input[data-field="discount"][data-row="0"]').fill('10')
  await page.keyboard.press('Control+Enter')
  await expect(panel).toHaveAttribute('data-status', 'issued')
  await expect(page.getByTestId('wo-number')).toHaveText(number)

  await page.getByLabel('Estado', { exact: true }).selectOption('cancelled')
  await expect(page.getByTestId('wo-rows').getByRole('button')).toHaveCount(1)
  await expect(page.getByTestId('wo-rows')).toContainText(number)
}
