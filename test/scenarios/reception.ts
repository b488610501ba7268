import { expect } from '@playwright/test'
import type { BenchDriver } from './driver'
import { fillWalkIn, firstWaitingSubmissionId, showWaitingSubmissions } from './clerk-steps'

/** `HP 26/` for a bench whose clock reads 2026: protocol numbers carry the year of reception. */
const yearPart = (now: Date) => String(now.getFullYear() % 100).padStart(2, '0')

export async function scanPreRegisteredAndReceive({ page, now }: BenchDriver): Promise<void> {
  await page.locator('#clerk').selectOption('Ana (demo)')
  const scan = page.getByRole('searchbox', { name: 'Escanear o buscar' })
  await expect(scan).toBeFocused()

  // Find a submission still waiting for its sample through the Protocols page's data.
  await showWaitingSubmissions(page)
  const externalId = await firstWaitingSubmissionId(page)
  await expect(scan).toBeFocused()
  // A scanner types the QR's URL and Enter.
  await scan.fill(`https://lab.example/s/${externalId}`)
  await scan.press('Enter')
  const form = page.getByRole('form', { name: 'Formulario de recepción' })
  await expect(form).toBeVisible()
  await expect(form).toContainText(externalId)
  await expect(page.locator('#animal-name')).not.toHaveValue('')
  await page.locator('#animal-name').press('Enter')

  const result = page.getByTestId('last-result')
  await expect(result).toContainText(/HP|CT/)
  await expect(result.locator('.big-number')).toHaveText(new RegExp(`^(HP|CT) ${yearPart(now())}/0001$`))
  await expect(page.getByTestId('today-count')).toContainText('1 recibidas')
  await expect(scan).toBeFocused()
}

export async function walkInRejectedWithAReason({ page }: BenchDriver): Promise<void> {
  await page.locator('#clerk').selectOption('Luis (demo)')
  await fillWalkIn(page, { vet: 1, animal: 'Canela', species: 'Gato', owner: 'Pérez Muñoz', sampleType: 'Biopsia de piel' })
  await page.keyboard.press('F4')
  await page.locator('#reject-reason').fill('Recipiente roto o con fugas')
  await page.locator('#reject-reason').press('Enter')
  await expect(page.getByTestId('last-result')).toContainText('Muestra de Canela rechazada')
  await expect(page.getByTestId('today-count')).toContainText('1 rechazadas')
}

export async function newVeterinarianInTheFormThenCorrection({ page, now }: BenchDriver): Promise<void> {
  await page.locator('#clerk').selectOption('Ana (demo)')
  await page.keyboard.press('F2')
  await page.keyboard.press('F3')
  await page.locator('#new-vet-name').fill('Dra. Begoña Íñiguez')
  await page.locator('#new-vet-clinic').fill('Clínica Ñandú')
  await page.locator('#new-vet-email').fill('begona@nandu.example')
  await page.locator('#new-vet-email').press('Enter')
  // The new veterinarian is chosen, and the receive form is still open.
  await expect(page.locator('#veterinarian option:checked')).toHaveText(/Begoña Íñiguez/)
  await page.locator('#animal-name').fill('Pipo')
  await page.locator('#animal-species').fill('Perro')
  await page.locator('#sample-type').fill('Citología')
  await page.locator('#sample-type').press('Enter')
  const number = await page.getByTestId('last-result').locator('.big-number').innerText()
  expect(number).toBe(`HP ${yearPart(now())}/0001`)

  // Correct the animal's name from the protocol's detail.
  await page.keyboard.press('Alt+2')
  await page.getByRole('searchbox').fill('Pipo')
  // Wait for the search's own answer: the unfiltered list also shows the new protocol first, and a
  // click on it would be undone when the debounced search lands.
  await expect(page.locator('main')).toContainText(/(^|\D)1 protocolo(?!s)/)
  await page.locator('.row', { hasText: number }).click()
  await expect(page.getByTestId('notifications')).toContainText('Muestra recibida')
  await expect(page.getByTestId('notifications')).toContainText('begona@nandu.example')
  await page.getByRole('button', { name: 'Corregir datos' }).click()
  await expect(page.getByRole('form', { name: 'Formulario de recepción' })).toContainText(`Corregir datos de ${number}`)
  await page.locator('#animal-name').fill('Pipo II')
  await page.locator('#animal-name').press('Enter')
  await expect(page.getByTestId('last-result')).toContainText(`${number} corregido`)

  await page.keyboard.press('Alt+2')
  await page.getByRole('searchbox').fill('Pipo')
  await expect(page.locator('main')).toContainText(/(^|\D)1 protocolo(?!s)/)
  await page.locator('.row', { hasText: number }).click()
  await expect(page.locator('section.detail')).toContainText('Pipo II')
  await expect(page.locator('section.detail .audit')).toContainText('protocol.edited')
}

export async function tooLongOwnerMarksTheFieldWithItsRule({ page }: BenchDriver): Promise<void> {
  await page.locator('#clerk').selectOption('Luis (demo)')
  await page.keyboard.press('F2')
  const owner = page.locator('#animal-owner')
  // The input carries the schema's limit: typing stops at 160 characters.
  await expect(owner).toHaveAttribute('maxlength', '160')
  await page.locator('#veterinarian').selectOption({ index: 1 })
  await page.locator('#animal-name').fill('Canela')
  await page.locator('#animal-species').fill('Gato')
  // A paste that got past the input (or an older form): the bench refuses it and says the rule.
  await owner.evaluate((input) => input.removeAttribute('maxlength'))
  await owner.fill('x'.repeat(5000))
  await page.locator('#sample-type').fill('Biopsia')
  await page.locator('#sample-type').press('Enter')
  await expect(owner).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByTestId('animal-owner-issue')).toHaveText('Propietario: máximo 160 caracteres')
  await expect(page.getByRole('alert')).toContainText('Propietario: máximo 160 caracteres')
  await expect(page.getByRole('alert')).not.toContainText('animal.owner')
  await expect(page.getByTestId('today-count')).toContainText('0 recibidas')
}
