import { expect, type Page } from '@playwright/test'
import { waitUntilReady, type BenchDriver } from './driver'

const PROTOCOL_NUMBER = /(HP|CT) \d{2}\/\d{4}/

async function receiveWalkIn(page: Page, animal: string): Promise<string> {
  await page.keyboard.press('Alt+1')
  await page.keyboard.press('F2')
  await page.locator('#veterinarian').selectOption({ index: 1 })
  await page.locator('#animal-name').fill(animal)
  await page.locator('#animal-species').fill('Perro')
  await page.locator('#sample-type').fill('Biopsia de piel')
  await page.locator('#sample-type').press('Enter')
  const result = page.getByTestId('last-result')
  await expect(result).toContainText(animal)
  await expect(result).toContainText(PROTOCOL_NUMBER)
  return PROTOCOL_NUMBER.exec(await result.innerText())![0]
}

async function protocolsFound(page: Page, number: string) {
  await page.keyboard.press('Alt+2')
  const search = page.getByRole('searchbox', { name: 'Buscar protocolos' })
  await search.fill(number)
  return page.locator('.row .number').filter({ hasText: number })
}

export async function backupFromSettingsThenRestoreIt(bench: BenchDriver): Promise<void> {
  const { page } = bench
  await page.locator('#clerk').selectOption('Luis (demo)')
  const beforeBackup = await receiveWalkIn(page, 'Toby')

  await page.keyboard.press('Alt+8')
  const section = page.getByRole('region', { name: 'Copias de seguridad' })
  await expect(section).toBeVisible()
  await expect(page.getByTestId('backups-last-good')).toContainText('ninguna todavía')
  // What a snapshot protects first is said where the clerk makes one.
  await expect(page.getByTestId('backups-protects')).toContainText('cambios que aún no se han enviado al servidor central')
  await section.getByRole('button', { name: 'Hacer una copia ahora' }).click()
  await expect(section).toContainText('hecha y comprobada')
  await expect(page.getByTestId('backups-list').locator('tbody tr')).toHaveCount(1)
  await expect(page.getByTestId('backups-last-good')).not.toContainText('ninguna todavía')

  const afterBackup = await receiveWalkIn(page, 'Nala')
  await expect(await protocolsFound(page, afterBackup)).toHaveCount(1)

  await page.keyboard.press('Alt+8')
  await section.getByRole('button', { name: 'Restaurar…' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Restaurar…' })
  await expect(confirm).toContainText('el archivo actual se guarda aparte')
  // The page starts over on the restored database.
  const reloaded = page.waitForEvent('load')
  await confirm.getByRole('button', { name: 'Sí, restaurar' }).click()
  await reloaded
  await waitUntilReady(page)

  await expect(await protocolsFound(page, beforeBackup)).toHaveCount(1)
  await expect(await protocolsFound(page, afterBackup)).toHaveCount(0)
  await page.keyboard.press('Alt+8')
  await expect(page.getByTestId('backups-list').locator('tbody tr')).toHaveCount(1)
}
