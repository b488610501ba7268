import { startServer, type RunningServer } from '../../server/src/server'
import { createSyncClient } from '../../src/main/features/sync/client'
import { makeTempDir } from '../support/temp-dir'
import { test, expect } from './fixtures'

let server: RunningServer
let dir: { path: string; cleanup(): void }

test.beforeEach(async () => {
  dir = makeTempDir('rb-e2e-sync-')
  server = await startServer({ dataDir: dir.path, log: () => undefined })
})

test.afterEach(async () => {
  await server.close()
  dir.cleanup()
})

test('pair from the Sync page with a one-time code, receive, and see the change reach the server', async ({ page, bench }) => {
  const { code } = await server.createPairingCode('bench')
  await page.goto(bench.url)
  await page.locator('#clerk').selectOption('Ana (demo)')
  await page.keyboard.press('Alt+7')
  await expect(page.getByRole('heading', { name: 'Vincular con el servidor central' })).toBeVisible()
  await page.getByLabel('Dirección del servidor').fill(server.url)
  await page.getByLabel('Código de vinculación').fill(code)
  await page.getByLabel('Nombre de este puesto').fill('Recepción E2E')
  await page.getByLabel('Nombre de este puesto').press('Enter')
  await expect(page.getByTestId('sync-state')).toHaveText('Sincronizado')
  // The browser harness has no OS keychain: the page says so.
  await expect(page.getByTestId('sync-secret')).toContainText('sin llavero del sistema')

  await page.keyboard.press('Alt+1')
  await page.keyboard.press('F2')
  await page.locator('#veterinarian').selectOption({ index: 1 })
  await page.locator('#animal-name').fill('Sincro')
  await page.locator('#animal-species').fill('Perro')
  await page.locator('#sample-type').fill('Biopsia')
  await page.locator('#sample-type').press('Enter')
  const number = await page.getByTestId('last-result').locator('.big-number').innerText()

  await page.keyboard.press('Alt+7')
  await page.getByRole('button', { name: 'Sincronizar ahora' }).click()
  await expect(page.getByTestId('sync-pending')).toHaveText('0')
  await expect(page.getByTestId('sync-state')).toHaveText('Sincronizado')

  const reader = await createSyncClient({ baseUrl: server.url }).pair((await server.createPairingCode('lab')).code, 'reader')
  const client = createSyncClient({ baseUrl: server.url, deviceId: reader.deviceId, secret: reader.secret })
  const rows = (await client.pull(0, 1000)).rows
  expect(rows.filter((row) => row.entity === 'protocol').map((row) => row.fields.number)).toContain(number)
})
