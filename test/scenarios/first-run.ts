import { expect } from '@playwright/test'
import { startServer } from '../../server/src/server'
import { startPrinterSink } from '../../bench/workloads/printer-sink'
import { createSyncClient } from '../../src/main/features/sync/client'
import { makeTempDir } from '../support/temp-dir'
import type { BenchDriver } from './driver'

/**
 * Scenarios of a real install: the bench starts empty (no demo data) and opens the first-run
 * setup. They need a driver started without demo data (`freshBench` in test/e2e).
 */

const yy = (now: Date) => String(now.getFullYear() % 100).padStart(2, '0')

/** The clerk on duty receives a walk-in from a clinic the bench does not know yet; answers the number. */
export async function receiveWalkIn({ page }: BenchDriver, animal: string): Promise<string> {
  await page.keyboard.press('F2')
  await page.keyboard.press('F3')
  await page.locator('#new-vet-name').fill('Dra. Primera')
  await page.locator('#new-vet-name').press('Enter')
  await expect(page.locator('#veterinarian')).not.toHaveValue('')
  await page.locator('#animal-name').fill(animal)
  await page.locator('#animal-species').fill('Gato')
  await page.locator('#sample-type').fill('Nódulo cutáneo')
  await page.locator('#sample-type').press('Enter')
  return page.getByTestId('last-result').locator('.big-number').innerText()
}

/** The setup's first step: the bench's name and its first clerk, Marta. */
export async function nameTheBench({ page }: BenchDriver, benchName: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Puesta en marcha del puesto' })).toBeVisible()
  await page.locator('#setup-bench-name').fill(benchName)
  await page.locator('#setup-clerk').fill('Marta')
  await page.getByRole('button', { name: 'Siguiente' }).click()
  await expect(page.getByRole('heading', { name: /Impresora/ })).toBeVisible()
}

/** The setup's last step without a server: the administrator types the HP range the lab gave this bench. */
async function typeTheRange({ page }: BenchDriver, start: number, end: number): Promise<void> {
  const range = page.getByRole('form', { name: 'Añadir rango' })
  await range.getByLabel('Desde').fill(String(start))
  await range.getByLabel('Hasta').fill(String(end))
  await range.getByLabel('PIN de administrador').fill('2468')
  await range.getByRole('checkbox').check()
  await range.getByRole('button', { name: 'Añadir rango' }).click()
  await expect(page.getByTestId('setup-numbers')).toContainText(`HP ${end - start + 1}`)
}

/** The whole setup of a bench that cannot reach the server yet: name, a network printer (saved), a typed HP range. */
export async function finishSetupWithARange(bench: BenchDriver, setup: { benchName: string; start: number; end: number; printerPort: number }): Promise<void> {
  const { page } = bench
  await nameTheBench(bench, setup.benchName)
  await page.locator('#printer-driver').selectOption('tcp9100')
  await page.locator('#printer-host').fill('127.0.0.1')
  await page.locator('#printer-port').fill(String(setup.printerPort))
  await page.getByRole('button', { name: 'Guardar impresora' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Impresora guardada' })).toBeVisible()
  await page.getByRole('button', { name: 'Siguiente' }).click()
  await typeTheRange(bench, setup.start, setup.end)
  await page.getByRole('button', { name: 'Terminar y empezar a recibir' }).click()
  await expect(page.getByRole('navigation', { name: 'main' }).locator('small')).toHaveText(setup.benchName)
}

export async function firstRunPairedToTheFirstReceivedSample(bench: BenchDriver): Promise<void> {
  const { page, now } = bench
  const dir = makeTempDir('rb-e2e-first-run-')
  const server = await startServer({ dataDir: dir.path, log: () => undefined, now: () => now().getTime() })
  const sink = await startPrinterSink()
  try {
    await expect(page.getByRole('heading', { name: 'Puesta en marcha del puesto' })).toBeVisible()
    // The language applies at once, and comes back.
    await page.locator('#setup-language').selectOption('en')
    await expect(page.getByRole('heading', { name: 'Setting up this bench' })).toBeVisible()
    await page.locator('#setup-language').selectOption('es')
    await expect(page.getByRole('heading', { name: 'Puesta en marcha del puesto' })).toBeVisible()
    // An empty name is refused by main with the field and its rule, in Spanish; the step stays.
    await page.locator('#setup-bench-name').fill('   ')
    await page.getByRole('button', { name: 'Siguiente' }).click()
    await expect(page.getByRole('alert')).toContainText('Nombre del puesto: obligatorio')
    await expect(page.locator('#setup-bench-name')).toBeVisible()
    await nameTheBench(bench, 'Recepción Norte')

    // The label printer, tried with a test label before it is saved.
    await page.locator('#printer-driver').selectOption('tcp9100')
    await page.locator('#printer-host').fill('127.0.0.1')
    await page.locator('#printer-port').fill(String(sink.port))
    await page.getByRole('button', { name: 'Imprimir etiqueta de prueba' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Etiqueta de prueba enviada a la impresora' })).toBeVisible()
    await sink.waitForJobs(1, 10_000)
    await page.getByRole('button', { name: 'Guardar impresora' }).click()
    await expect(page.getByRole('status').filter({ hasText: 'Impresora guardada' })).toBeVisible()
    await page.getByRole('button', { name: 'Siguiente' }).click()

    // Numbers: none yet, said plainly; then the lab server pairs the bench and leases its blocks.
    await expect(page.getByTestId('setup-numbers')).toContainText('aún no tiene de dónde sacar números')
    const { code } = await server.createPairingCode('bench')
    await page.getByLabel('Dirección del servidor').fill(server.url)
    await page.getByLabel('Código de vinculación').fill(code)
    await page.getByLabel('PIN de administración').fill('2468')
    await page.getByRole('button', { name: 'Vincular' }).click()
    await expect(page.getByTestId('setup-paired')).toContainText('«Recepción Norte»')
    await expect(page.getByTestId('setup-numbers')).toContainText('Este puesto puede numerar')
    await page.getByRole('button', { name: 'Terminar y empezar a recibir' }).click()

    // Reception, under the bench's name, with the clerk from the setup on duty.
    await expect(page.getByRole('navigation', { name: 'main' }).locator('small')).toHaveText('Recepción Norte')
    await expect(page.locator('.demo-flag')).toHaveCount(0)
    await expect(page.locator('#clerk')).toHaveValue('Marta')
    const number = await receiveWalkIn(bench, 'Misi')
    expect(number).toMatch(new RegExp(`^HP ${yy(now())}/\\d{4}$`))
    // Its label reaches the printer saved in the setup.
    const labels = await sink.waitForJobs(2, 10_000)
    expect(labels[1]!.toString('utf8')).toContain(number)

    // The server takes the number: it lies in a block it leased to this bench (it refuses any other).
    await page.keyboard.press('Alt+7')
    await page.getByRole('button', { name: 'Sincronizar ahora' }).click()
    await expect(page.getByTestId('sync-pending')).toHaveText('0')
    await expect(page.getByTestId('sync-conflicts')).toHaveText('0')
    const clock = { now: () => now().getTime() }
    const reader = await createSyncClient({ baseUrl: server.url, ...clock }).pair((await server.createPairingCode('lab')).code, 'reader')
    const rows = (await createSyncClient({ baseUrl: server.url, deviceId: reader.deviceId, secret: reader.secret, ...clock }).pull(0, 1000)).rows
    expect(rows.filter((row) => row.entity === 'protocol').map((row) => row.fields.number)).toEqual([number])

    // Done once: a fresh start of the window goes straight to Reception.
    await bench.reload()
    await expect(page.getByRole('heading', { name: 'Puesta en marcha del puesto' })).toHaveCount(0)
    await expect(page.getByRole('navigation', { name: 'main' }).locator('small')).toHaveText('Recepción Norte')
  } finally {
    await sink.close()
    await server.close()
    dir.cleanup()
  }
}

export async function firstRunWithATypedRangeToTheFirstReceivedSample(bench: BenchDriver): Promise<void> {
  const { page, now } = bench
  await nameTheBench(bench, 'Recepción Sur')
  await page.getByRole('button', { name: 'Omitir' }).click()

  // No server reachable: the administrator types the range the lab gave this bench.
  await typeTheRange(bench, 101, 200)
  await page.getByRole('button', { name: 'Terminar y empezar a recibir' }).click()

  await expect(page.getByRole('navigation', { name: 'main' }).locator('small')).toHaveText('Recepción Sur')
  expect(await receiveWalkIn(bench, 'Tuno')).toBe(`HP ${yy(now())}/0101`)
}

export async function demoDataTriedThenRemoved(bench: BenchDriver): Promise<void> {
  const { page } = bench
  await expect(page.getByRole('heading', { name: 'Puesta en marcha del puesto' })).toBeVisible()
  await page.getByRole('button', { name: 'Probar con datos de demostración' }).click()
  await expect(page.locator('.demo-flag')).toHaveText('DATOS DE DEMOSTRACIÓN')
  await page.keyboard.press('Alt+2')
  await expect(page.getByTestId('result-count')).toContainText('400')

  await page.keyboard.press('Alt+8')
  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByRole('button', { name: 'Quitar datos de demostración' }).click()
  // Every demo row is gone and the bench is a fresh install again: the setup opens.
  await expect(page.getByRole('heading', { name: 'Puesta en marcha del puesto' })).toBeVisible()
  await expect(page.locator('.demo-flag')).toHaveCount(0)
  await bench.reload()
  await expect(page.getByRole('heading', { name: 'Puesta en marcha del puesto' })).toBeVisible()
}
