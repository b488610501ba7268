/**
 * What process start → scan field focused costs when the process does no work at all: `node`
 * starts, serves a page holding nothing but the scan field, and a new page in the same browser
 * opens it, timed exactly as harness_ready_ms times the app (the same wait, the same viewport).
 * The app cannot be ready sooner than this on the same machine and browser, so it is printed
 * beside that figure as its floor.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import type { Browser, Page } from '@playwright/test'
import { percentile } from '../measure'

const PAGE = `<!doctype html><html lang="es"><meta charset="utf-8"><input id="scan"><script>document.getElementById('scan').focus()</script>`

// Answers the page and prints its URL as one JSON line, as the harness does.
const SERVER = `
const page = ${JSON.stringify(PAGE)}
const server = require('node:http').createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
  response.end(page)
})
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/' })))
`

/** Opens `url` in a new page and waits until the scan field holds the focus: the moment harness_ready_ms ends. */
export async function openAndWaitForScan(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 820 } })
  await page.goto(url)
  await page.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id?: string } | null } }).document.activeElement?.id === 'scan', null, {
    polling: 'raf',
    timeout: 60_000
  })
  return page
}

/** Starts the do-nothing server `starts` times and answers the median spawn → scan focused. */
export async function measureReadyFloor(browser: Browser, starts: number): Promise<number> {
  const ready: number[] = []
  for (let i = 0; i < starts; i++) {
    const spawnedAt = performance.now()
    const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] })
    const exited = once(child, 'exit')
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', (line) => resolve((JSON.parse(line) as { url: string }).url))
        void exited.then(([code]) => reject(new Error(`the floor's server exited (${String(code)}) before its URL`)))
      })
      const page = await openAndWaitForScan(browser, url)
      ready.push(performance.now() - spawnedAt)
      await page.close()
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  }
  return percentile(ready, 50)
}
