import { expect } from '@playwright/test'
import { test } from './fixtures'
import { firstWaitingSubmissionId, showWaitingSubmissions } from '../scenarios/clerk-steps'

/** `N protocolos` in the Protocols page's result count. */
const countOf = (text: string) => Number(/(\d[\d.]*) protocolos/.exec(text)![1]!.replace(/\./g, ''))

// Harness only: what the page asks the host for is read from its WebSocket frames.
test('a receive at Reception sends no protocol-list search; the list searches again when the Protocols page is opened', async ({ bench }) => {
  const { page } = bench
  const searches: string[] = []
  page.on('websocket', (socket) =>
    socket.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.includes('"bench:protocols.search"')) searches.push(payload)
    })
  )
  // The bridge opened before the listener: a reload opens it again under watch.
  await bench.reload()
  await page.locator('#clerk').selectOption('Ana (demo)')

  await showWaitingSubmissions(page)
  const count = page.getByTestId('result-count')
  await expect(count).toContainText('protocolos')
  const waitingBefore = countOf(await count.innerText())
  const externalId = await firstWaitingSubmissionId(page)

  const scan = page.getByRole('searchbox', { name: 'Escanear o buscar' })
  await expect(scan).toBeFocused()
  const searchesBefore = searches.length
  await scan.fill(externalId)
  await scan.press('Enter')
  await page.locator('#animal-name').press('Enter')
  await expect(page.getByTestId('last-result').locator('.big-number')).toHaveText(/^(HP|CT) \d{2}\/\d{4}$/)
  await expect(page.getByTestId('today-count')).toContainText('1 recibidas')
  expect(searches.length).toBe(searchesBefore)

  // Back on Protocols: the received submission is no longer among those waiting.
  await page.keyboard.press('Alt+2')
  await expect.poll(async () => countOf(await count.innerText())).toBe(waitingBefore - 1)
  expect(searches.length).toBeGreaterThan(searchesBefore)
})
