import { expect } from '@playwright/test'
import type { BenchDriver } from './driver'

const PROTOCOL_NUMBER = /(HP|CT) \d{2}\/\d{4}/

export async function searchOpenDetailAndSwitchLanguage(bench: BenchDriver): Promise<void> {
  const { page } = bench
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })

  // The bench opens on Reception with the scan field focused; Alt+2 goes to Protocols.
  await expect(page.getByRole('searchbox', { name: 'Escanear o buscar' })).toBeFocused()
  // Every page is named in the clerk's language (a missing key would show as 'nav.x').
  for (const name of ['Recepción', 'Protocolos', 'Órdenes de trabajo', 'Informes', 'Estadísticas', 'Tareas', 'Sincronización', 'Ajustes']) {
    // The nav button's name ends with its Alt+N digit (the sync badge is also named "Sincronización: …").
    await expect(page.getByRole('button', { name: new RegExp(`^${name} \\d$`) })).toBeVisible()
  }
  await expect(page.locator('nav')).not.toContainText('nav.')
  await page.keyboard.press('Alt+2')
  const search = page.getByRole('searchbox', { name: 'Buscar protocolos' })
  await expect(search).toBeFocused()
  await expect(page.getByTestId('result-count')).toContainText('400 protocolos')

  // Type an owner without accents: the demo data has 'Sánchez Peña'.
  await search.fill('sanchez pena')
  const firstRow = page.locator('.row').first()
  await expect(firstRow).toContainText('Sánchez Peña')
  const shownNumber = /(HP|CT) \d{2}\/\d{4}|sin número/.exec(await firstRow.locator('.number').innerText())![0]
  // One of them already has its number (a pre-registered one has none yet).
  const numbered = page.locator('.row .number').filter({ hasText: PROTOCOL_NUMBER }).first()
  const number = PROTOCOL_NUMBER.exec(await numbered.innerText())![0]

  // Keyboard only: Enter opens the selected row.
  await search.press('Enter')
  const detail = page.locator('section.detail')
  await expect(detail).toBeVisible()
  await expect(detail.locator('h2 .number')).toHaveText(shownNumber)
  await expect(detail).toContainText('Historial de estados')
  await expect(detail).toContainText('Sánchez Peña')
  await page.keyboard.press('Escape')
  await expect(detail).toBeHidden()

  // Searching by the protocol number finds exactly that protocol.
  await search.fill(number)
  await expect(page.getByTestId('result-count')).toContainText(/(^|\D)1 protocolo(?!s)/)
  await expect(page.locator('.row .number')).toHaveCount(1)
  await expect(page.locator('.row .number')).toContainText(number)

  // Switch to English from Settings (Alt+8) and see the shell change.
  await page.keyboard.press('Alt+8')
  await page.locator('#language').selectOption('en')
  await expect(page.getByRole('button', { name: /Protocols/ })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.keyboard.press('Alt+2')
  await expect(page.getByRole('searchbox', { name: 'Search protocols' })).toBeVisible()

  // The choice is the bench's: a fresh start of the window keeps English.
  await bench.reload()
  await expect(page.getByRole('button', { name: /Settings/ })).toBeVisible()

  // F1 shows the shortcuts.
  await page.keyboard.press('F1')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  expect(errors).toEqual([])
}
