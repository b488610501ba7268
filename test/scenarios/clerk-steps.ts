import { expect, type Page } from '@playwright/test'

/**
 * Steps several scenarios take on the way to what they check, done the way the clerk does them
 * (keys first). What a scenario asserts stays in the scenario.
 */

const PROTOCOL_NUMBER = /(HP|CT) \d{2}\/\d{4,}/

/** A sample brought to the bench without a submission: the veterinarian is the form's option at `vet`. */
export interface WalkIn {
  vet: number
  animal: string
  species: string
  owner?: string
  sampleType: string
  containers?: number
}

/** Opens the walk-in form (F2) and types it in; the scenario then receives (Enter) or rejects (F4). */
export async function fillWalkIn(page: Page, walkIn: WalkIn): Promise<void> {
  await page.keyboard.press('F2')
  await page.locator('#veterinarian').selectOption({ index: walkIn.vet })
  await page.locator('#animal-name').fill(walkIn.animal)
  await page.locator('#animal-species').fill(walkIn.species)
  if (walkIn.owner !== undefined) await page.locator('#animal-owner').fill(walkIn.owner)
  await page.locator('#sample-type').fill(walkIn.sampleType)
  if (walkIn.containers !== undefined) await page.locator('#sample-containers').fill(String(walkIn.containers))
}

/** Another sample from the first veterinarian the bench knows, from the reception form; answers its number. */
export async function receiveFromKnownVet(page: Page, animal: string): Promise<string> {
  await page.keyboard.press('Alt+1')
  await fillWalkIn(page, { vet: 1, animal, species: 'Perro', sampleType: 'Biopsia de piel' })
  await page.locator('#sample-type').press('Enter')
  // The result names this animal: the number shown is this sample's, not the one before.
  const result = page.getByTestId('last-result')
  await expect(result).toContainText(animal)
  await expect(result).toContainText(PROTOCOL_NUMBER)
  return PROTOCOL_NUMBER.exec(await result.innerText())![0]
}

/** Bills the veterinarian waiting first: a draft of their protocols, issued with Ctrl+Enter; answers the order's number. */
export async function issueFirstPendingOrder(page: Page): Promise<string> {
  await page.keyboard.press('Alt+3')
  await page.getByTestId('wo-pending').getByRole('button').first().click()
  const panel = page.getByTestId('wo-panel')
  await expect(panel).toHaveAttribute('data-status', 'draft')
  await page.keyboard.press('Control+Enter')
  await expect(panel).toHaveAttribute('data-status', 'issued')
  return page.getByTestId('wo-number').innerText()
}

/** The Protocols page (Alt+2) showing only the submissions still waiting for their sample. */
export async function showWaitingSubmissions(page: Page): Promise<void> {
  await page.keyboard.press('Alt+2')
  await page.locator('select[aria-label="Estado"]').selectOption('registered')
}

/** The submission id of the first one in that list, read from its detail; then back to Reception (Alt+1). */
export async function firstWaitingSubmissionId(page: Page): Promise<string> {
  const waiting = page.locator('.row').first()
  await expect(waiting).toContainText('Pre-registrado')
  await waiting.click()
  const externalId = await page.locator('section.detail .field', { hasText: 'Solicitud' }).locator('dd').innerText()
  await page.keyboard.press('Escape')
  await page.keyboard.press('Alt+1')
  return externalId
}
