import { expect } from '@playwright/test'
import { startServer } from '../../server/src/server'
import { createSyncClient } from '../../src/main/features/sync/client'
import { makeTempDir } from '../support/temp-dir'
import type { BenchDriver } from './driver'

export async function pairReceiveAndReachTheServer({ page, now, secretNote }: BenchDriver): Promise<void> {
  const dir = makeTempDir('rb-e2e-sync-')
  // The server keeps the bench's calendar: signed requests carry the bench's time.
  const server = await startServer({ dataDir: dir.path, log: () => undefined, now: () => now().getTime() })
  try {
    const { code } = await server.createPairingCode('bench')
    // A bench with demo data cannot pair: the demo data is removed first, and with it the demo clerks.
    await page.keyboard.press('Alt+8')
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Quitar datos de demostración' }).click()
    await expect(page.getByRole('button', { name: 'Quitar datos de demostración' })).toHaveCount(0)
    await expect(page.locator('.demo-flag')).toHaveCount(0)
    // The bench is a fresh install again: its setup opens; it is finished without pairing (the
    // Sync page pairs it below) and with the first clerk.
    await expect(page.getByRole('heading', { name: 'Puesta en marcha del puesto' })).toBeVisible()
    await page.locator('#setup-bench-name').fill('Puesto sin vincular')
    await page.locator('#setup-clerk').fill('Marta')
    await page.getByRole('button', { name: 'Siguiente' }).click()
    await page.getByRole('button', { name: 'Omitir' }).click()
    await page.getByRole('button', { name: 'Terminar y empezar a recibir' }).click()
    await expect(page.getByRole('navigation', { name: 'main' }).locator('small')).toHaveText('Puesto sin vincular')
    await page.keyboard.press('Alt+7')
    await expect(page.getByRole('heading', { name: 'Vincular con el servidor central' })).toBeVisible()
    // A server on the network over plain HTTP is refused with a clear message, and nothing is paired.
    await page.getByLabel('Dirección del servidor').fill('http://lab.example:8787')
    await page.getByLabel('Código de vinculación').fill(code)
    await page.getByLabel('Nombre de este puesto').fill('Recepción E2E')
    await expect(page.getByText('Este puesto aún no tiene PIN de administración')).toBeVisible()
    await page.getByLabel('PIN de administración').fill('2468')
    await page.getByLabel('PIN de administración').press('Enter')
    await expect(page.getByRole('alert')).toContainText('debe empezar por https://')
    expect(await server.pairedDeviceCount()).toBe(0)

    await page.getByLabel('Dirección del servidor').fill(server.url)
    await page.getByLabel('PIN de administración').fill('2468')
    await page.getByLabel('PIN de administración').press('Enter')
    await expect(page.getByTestId('sync-state')).toHaveText('Sincronizado')
    // The side bar names the bench as the lab paired it.
    await expect(page.getByRole('navigation', { name: 'main' }).locator('small')).toHaveText('Recepción E2E')
    // Where the pairing secret is kept depends on the shell (the harness has no OS keychain).
    await expect(page.getByTestId('sync-secret')).toContainText(secretNote)

    await page.keyboard.press('Alt+1')
    await page.locator('#clerk').selectOption('Marta')
    await page.keyboard.press('F2')
    // The demo veterinarians went with the demo data: the clerk adds the clinic's vet in the form.
    await page.keyboard.press('F3')
    await page.locator('#new-vet-name').fill('Dra. Sincro')
    await page.locator('#new-vet-name').press('Enter')
    await expect(page.locator('#veterinarian')).not.toHaveValue('')
    await page.locator('#animal-name').fill('Sincro')
    await page.locator('#animal-species').fill('Perro')
    await page.locator('#sample-type').fill('Biopsia')
    await page.locator('#sample-type').press('Enter')
    const number = await page.getByTestId('last-result').locator('.big-number').innerText()
    expect(number).toMatch(/^HP \d{2}\/\d{4}$/)

    await page.keyboard.press('Alt+7')
    await page.getByRole('button', { name: 'Sincronizar ahora' }).click()
    await expect(page.getByTestId('sync-pending')).toHaveText('0')
    await expect(page.getByTestId('sync-state')).toHaveText('Sincronizado')

    const clock = { now: () => now().getTime() }
    const reader = await createSyncClient({ baseUrl: server.url, ...clock }).pair((await server.createPairingCode('lab')).code, 'reader')
    const client = createSyncClient({ baseUrl: server.url, deviceId: reader.deviceId, secret: reader.secret, ...clock })
    const rows = (await client.pull(0, 1000)).rows
    expect(rows.filter((row) => row.entity === 'protocol').map((row) => row.fields.number)).toContain(number)
  } finally {
    await server.close()
    dir.cleanup()
  }
}
