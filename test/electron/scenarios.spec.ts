import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SCENARIOS } from '../scenarios/index'
import { expect, test } from './fixtures'

// The shared scenarios (test/scenarios), driven through the real Electron app: IPC, preload, sandbox and all.
for (const [feature, scenarios] of Object.entries(SCENARIOS)) {
  test.describe(feature, () => {
    for (const [title, scenario] of Object.entries(scenarios)) test(title, ({ bench }) => scenario(bench))
  })
}

// What only the Electron shell has.
test.describe('electron shell', () => {
  test('the page sees the contract and nothing of Node; the log and settings live in the user-data folder', async ({ bench: { page, userData } }) => {
    expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined')
    expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined')
    const names = await page.evaluate(() => Object.keys((window as unknown as { bench: object }).bench).sort())
    expect(names).toContain('on')
    expect(names).toContain('reception.receive')
    await expect(page.getByRole('searchbox', { name: 'Escanear o buscar' })).toBeFocused()
    expect(readFileSync(join(userData, 'logs', 'bench.log'), 'utf8')).toContain('starting')
    expect(existsSync(join(userData, 'bench-settings.json'))).toBe(true)
  })
})
