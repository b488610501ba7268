import { _electron as electron, test as base, type ElectronApplication, type Page } from '@playwright/test'
import { resolve } from 'node:path'
import { makeTempDir } from '../support/temp-dir'
import { electronBinary, NO_ELECTRON } from './electron-binary'

export const binary = electronBinary()
const root = resolve(import.meta.dirname, '../..')

export interface ElectronBench {
  app: ElectronApplication
  page: Page
  userData: string
}

/**
 * The built app (out/, `npm run build`) in the real Electron binary, on a fresh user-data folder,
 * closed and removed after the test. Where the binary could not be downloaded every test using it
 * is reported as skipped, with the reason, never as passed.
 */
export const test = base.extend<{ electronBench: ElectronBench }>({
  // eslint-disable-next-line no-empty-pattern
  electronBench: async ({}, use, testInfo) => {
    testInfo.skip(!binary, NO_ELECTRON)
    const dir = makeTempDir('bench-electron-')
    const app = await electron.launch({ executablePath: binary!, args: [root, `--user-data-dir=${dir.path}`], cwd: root })
    try {
      const page = await app.firstWindow()
      await use({ app, page, userData: dir.path })
    } finally {
      await app.close()
      dir.cleanup()
    }
  }
})

/** Receives a walk-in sample from the keyboard and returns its protocol number. */
export async function receiveWalkIn(page: Page, clerk: string, animal: string): Promise<string> {
  await page.locator('#clerk').selectOption(clerk)
  await page.keyboard.press('F2')
  await page.locator('#veterinarian').selectOption({ index: 1 })
  await page.locator('#animal-name').fill(animal)
  await page.locator('#animal-species').fill('Perro')
  await page.locator('#sample-type').fill('Masa mamaria')
  await page.locator('#sample-type').press('Enter')
  return page.getByTestId('last-result').locator('.big-number').innerText()
}

export { expect } from '@playwright/test'
