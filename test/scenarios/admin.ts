import { expect } from '@playwright/test'
import type { BenchDriver } from './driver'

export async function auditPageFindsAPrinterChange({ page }: BenchDriver): Promise<void> {
  await page.keyboard.press('Alt+8')
  await page.locator('#printer-driver').selectOption('tcp9100')
  await page.locator('#printer-host').fill('zebra-recepcion.lab.example')
  await page.locator('#printer-port').fill('9100')
  await page.getByRole('button', { name: 'Guardar impresora' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Impresora guardada' })).toBeVisible()

  // Administration is the ninth page.
  await page.keyboard.press('Alt+9')
  await expect(page.getByRole('heading', { name: 'Registro de auditoría' })).toBeVisible()
  await page.getByRole('searchbox', { name: 'Buscar en el registro' }).fill('zebra-recepcion')
  const rows = page.getByTestId('audit-row')
  await expect(rows).toHaveCount(1)
  // In words, not the action's identifier.
  await expect(rows.first()).toContainText('Impresora cambiada')
  await expect(rows.first()).not.toContainText('printer.changed')
  await expect(rows.first()).toContainText('zebra-recepcion.lab.example')
  await expect(page.getByTestId('audit-count')).toHaveText('1 entradas')

  // The entity filter alone finds it too; another entity does not.
  await page.getByRole('searchbox', { name: 'Buscar en el registro' }).fill('')
  await page.getByRole('combobox', { name: 'Elemento' }).selectOption({ label: 'Impresora' })
  await expect(rows).toHaveCount(1)

  // Correcting a veterinarian's e-mail here lands in the same log.
  await page.getByRole('combobox', { name: 'Elemento' }).selectOption('')
  await page.getByRole('searchbox', { name: 'Buscar veterinario' }).fill('')
  const firstVet = page.getByTestId('admin-vets').locator('tbody tr').first()
  await firstVet.getByRole('button', { name: 'Corregir' }).click()
  await page.locator('#vet-email').fill('correo.corregido@clinica.example')
  await page.getByRole('button', { name: 'Guardar cambios' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Veterinario guardado' })).toBeVisible()
  await expect(page.getByTestId('admin-vets')).toContainText('correo.corregido@clinica.example')
  await page.getByRole('searchbox', { name: 'Buscar en el registro' }).fill('correo.corregido')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Veterinario corregido')
}
