import { expect, type Page } from '@playwright/test'
import { closeSync, openSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { waitUntilReady, type BenchDriver } from './driver'
import { receiveFromKnownVet } from './clerk-steps'

async function protocolsFound(page: Page, number: string) {
  await page.keyboard.press('Alt+2')
  const search = page.getByRole('searchbox', { name: 'Buscar protocolos' })
  await search.fill(number)
  return page.locator('.row .number').filter({ hasText: number })
}

export async function backupFromSettingsThenRestoreIt(bench: BenchDriver): Promise<void> {
  const { page } = bench
  await page.locator('#clerk').selectOption('Luis (demo)')
  const beforeBackup = await receiveFromKnownVet(page, 'Toby')

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

  const afterBackup = await receiveFromKnownVet(page, 'Nala')
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

/** Overwrites 8 KiB in the middle of the closed database file, as a failing disk sector would. */
function damageDatabase(dataDir: string): void {
  const file = join(dataDir, 'reception-bench.sqlite')
  const size = statSync(file).size
  const fd = openSync(file, 'r+')
  try {
    writeSync(fd, Buffer.alloc(8 * 1024, 0xa5), 0, 8 * 1024, Math.floor(size / 2 / 4096) * 4096)
  } finally {
    closeSync(fd)
  }
}

export async function damagedDatabaseBlockedThenRestored(bench: BenchDriver): Promise<void> {
  await bench.page.locator('#clerk').selectOption('Luis (demo)')
  const beforeBackup = await receiveFromKnownVet(bench.page, 'Toby')
  await bench.page.keyboard.press('Alt+8')
  await bench.page.getByRole('button', { name: 'Hacer una copia ahora' }).click()
  await expect(bench.page.getByTestId('backups-list').locator('tbody tr')).toHaveCount(1)
  const afterBackup = await receiveFromKnownVet(bench.page, 'Nala')

  await bench.restart(damageDatabase)
  const page = bench.page
  // The whole window says what happened; nothing else of the bench is offered.
  const screen = page.getByTestId('database-damaged')
  await expect(screen.getByRole('heading', { name: 'La base de datos de este puesto está dañada' })).toBeVisible()
  await expect(screen).toContainText('al abrir el puesto')
  await expect(screen).toContainText('no guarda ningún cambio hasta que se restaure una copia buena')
  await expect(screen).toContainText(/guardado aparte, sin tocarlo: .*kept-aside/)
  await expect(page.locator('nav')).toHaveCount(0)

  await screen.getByRole('button', { name: 'Restaurar…' }).click()
  await page.getByRole('alertdialog', { name: 'Restaurar…' }).getByRole('button', { name: 'Sí, restaurar' }).click()
  const step2 = page.getByTestId('recovery-step2')
  await expect(step2.getByRole('heading', { name: 'Descargar del servidor lo posterior a la copia' })).toBeVisible()
  // This bench was never paired: pulling says so in the clerk's language.
  await step2.getByRole('button', { name: 'Descargar del servidor' }).click()
  await expect(page.getByRole('alert')).toContainText('no está vinculado con el servidor central')
  const reloaded = page.waitForEvent('load')
  await step2.getByRole('button', { name: 'Continuar' }).click()
  await reloaded
  await waitUntilReady(page)

  await expect(await protocolsFound(page, beforeBackup)).toHaveCount(1)
  await expect(await protocolsFound(page, afterBackup)).toHaveCount(0)
}
