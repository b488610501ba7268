import { expect, type Page } from '@playwright/test'
import { isoWeekLabel, localDateOf } from '../../src/shared/statistics'
import type { BenchDriver } from './driver'
import { fillWalkIn } from './clerk-steps'

const cardValue = async (page: Page, key: string) => Number(await page.getByTestId(`stat-${key}`).locator('.card-value').innerText())

export async function statisticsCountStepAndWeeklyPdf({ page, now }: BenchDriver): Promise<void> {
  const today = localDateOf(now())
  await page.locator('#clerk').selectOption('Luis (demo)')

  // The page opens on this week; ↑ switches to the day in focus: today, not the week's Monday.
  await page.keyboard.press('Alt+5')
  const picker = page.getByTestId('stat-period-picker')
  const dateField = page.getByLabel('Fecha', { exact: true })
  await expect(picker).toBeFocused()
  await expect(page.getByRole('button', { name: 'Semana', exact: true })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByTestId('stat-period')).toContainText(`Semana ${isoWeekLabel(today)}`)
  await page.keyboard.press('ArrowUp')
  await expect(page.getByRole('button', { name: 'Día', exact: true })).toHaveAttribute('aria-pressed', 'true')
  await expect(dateField).toHaveValue(today)
  // The week stays on screen, marked busy, until the day's figures arrive.
  await expect(page.locator('.stat-body')).toHaveAttribute('aria-busy', 'false')
  await expect(page.getByTestId('stat-period')).not.toContainText('Semana')
  // Today is still going on: its figures are provisional.
  await expect(page.getByTestId('stat-state')).toContainText('provisionales')
  const todayHeading = await page.getByTestId('stat-period').innerText()
  const received = await cardValue(page, 'received')
  const rejected = await cardValue(page, 'rejected')

  // One sample received and one rejected by Luis.
  await page.keyboard.press('Alt+1')
  await fillWalkIn(page, { vet: 1, animal: 'Draco', species: 'Iguana', sampleType: 'Biopsia de piel' })
  await page.locator('#sample-type').press('Enter')
  await expect(page.getByTestId('last-result')).toContainText(/(HP|CT) \d{2}\/\d{4}/)
  await fillWalkIn(page, { vet: 1, animal: 'Canela', species: 'Iguana', sampleType: 'Citología' })
  await page.keyboard.press('F4')
  await page.locator('#reject-reason').fill('Recipiente roto o con fugas')
  await page.locator('#reject-reason').press('Enter')
  await expect(page.getByTestId('last-result')).toContainText('Muestra de Canela rechazada')

  await page.keyboard.press('Alt+5')
  await expect(page.getByTestId('stat-period')).toHaveText(todayHeading)
  await expect(page.getByTestId('stat-received').locator('.card-value')).toHaveText(String(received + 1))
  await expect(page.getByTestId('stat-rejected').locator('.card-value')).toHaveText(String(rejected + 1))
  // The tables carry the same numbers as the charts: species, clerk and reason of the two decisions.
  await expect(page.getByTestId('stat-by-species').getByRole('row', { name: /Iguana/ })).toHaveText(/Iguana\s*1\s*1\s*2/)
  await expect(page.getByTestId('stat-by-clerk').getByRole('row', { name: /Luis \(demo\)/ })).toHaveText(/Luis \(demo\)\s*1\s*1\s*2/)
  await expect(page.getByTestId('stat-rejections')).toContainText('Recipiente roto o con fugas')
  await expect(page.getByRole('img', { name: /Por especie: .*Iguana 1 recibidos, 1 rechazados/ })).toBeVisible()

  // ← goes to yesterday (nothing of Luis there), → comes back.
  await picker.focus()
  await page.keyboard.press('ArrowLeft')
  await expect(page.getByTestId('stat-period')).not.toHaveText(todayHeading)
  await expect(page.getByTestId('stat-by-clerk')).not.toContainText('Luis (demo)')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('stat-period')).toHaveText(todayHeading)

  // ↓ back to the week holding today, whose PDF opens in the in-app viewer; ↑ returns to today again.
  await page.keyboard.press('ArrowDown')
  await expect(page.getByTestId('stat-period')).toContainText(`Semana ${isoWeekLabel(today)}`)
  await expect(page.locator('.stat-body')).toHaveAttribute('aria-busy', 'false')
  await page.getByRole('button', { name: 'PDF semanal' }).click()
  const viewer = page.getByRole('region', { name: `Visor de PDF: Estadísticas semana ${isoWeekLabel(today)}` })
  await expect(viewer).toBeVisible()
  await expect(viewer.locator('canvas[data-rendered="true"]').first()).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(viewer).toBeHidden()
  await picker.focus()
  await page.keyboard.press('ArrowUp')
  await expect(dateField).toHaveValue(today)
  await expect(page.getByTestId('stat-period')).toHaveText(todayHeading)
}
