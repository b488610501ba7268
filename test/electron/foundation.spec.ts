import { _electron as electron, expect, test } from '@playwright/test'
import { makeTempDir } from '../support/temp-dir'
import { electronBinary, NO_ELECTRON } from './electron-binary'

const binary = electronBinary()

test.describe('Electron app', () => {
  test.skip(!binary, NO_ELECTRON)

  test('starts, searches a seeded protocol, opens its detail and switches language', async () => {
    const dir = makeTempDir('bench-electron-')
    const app = await electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${dir.path}`] })
    const page = await app.firstWindow()
    // The sandboxed page sees the contract and nothing of Node.
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
    const search = page.getByRole('searchbox', { name: 'Buscar protocolos' })
    await expect(search).toBeFocused()
    await search.fill('sanchez pena')
    await expect(page.locator('.row').first()).toContainText('Sánchez Peña')
    await search.press('Enter')
    await expect(page.locator('section.detail')).toBeVisible()
    await page.keyboard.press('Escape')
    await page.keyboard.press('Alt+7')
    await page.locator('#language').selectOption('en')
    await expect(page.getByRole('button', { name: /Protocols/ })).toBeVisible()
    await app.close()
    dir.cleanup()
  })
})
