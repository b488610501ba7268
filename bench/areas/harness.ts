/**
 * The app as the clerk meets it, in Debian's Chromium through the browser harness: the harness
 * built into plain JavaScript and started with `node` (bench/workloads/built-harness.ts) on a copy
 * of the 200,000-protocol data folder, and the production renderer bundle (out/renderer).
 *
 * harness_ready_ms: from spawning the harness process to the scan field holding the focus in a
 * page opened on its URL, median of three starts on a data folder the bench closed cleanly (the
 * first start on the fresh copy, which reads the whole file, is printed but not the figure). The browser is already running (in Electron
 * the window opens from a warm process too); its start is not counted.
 * enter_to_number_p95_ms: Enter in the receive form (opened by scanning a pre-registered
 * submission's id, as most samples arrive) → the frame that shows the new protocol number has
 * been produced, 200 receptions after 10 warm-up ones. Stamped in the page: the key event's own timestamp, then the number appearing in the
 * DOM, then the next animation frame and one task after it (the frame is painted by then).
 * Printed beside it: the same timing on a page that paints in its keydown handler and does
 * nothing else (bench/workloads/frame-floor.ts), the least this browser and machine allow.
 * Printed beside harness_ready_ms, its floor: a `node` process that only serves a page holding
 * the scan field, bare and rendered by React, started and waited for the same way
 * (bench/workloads/ready-floor.ts).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { chromium, type Browser } from '@playwright/test'
import { percentile } from '../measure'
import { buildHarness, startHarnessProcess } from '../workloads/built-harness'
import { connectBridge } from '../workloads/bridge-client'
import { typeFreeNumbers } from '../workloads/free-numbers'
import { measureFrameFloor } from '../workloads/frame-floor'
import { measureReadyFloor, openAndWaitForScan } from '../workloads/ready-floor'
import { cachedDataFolder, copyDataFolder, PROTOCOLS_200K } from '../workloads/datasets'

const STARTS = 3
const WARM_UP = 10
const RECEPTIONS = 200
/** What the page keeps; the bench's tsconfig has no DOM types, so the page is reached through this. */
type Observed = { __enterToNumber: number[]; __enterToDom: number[] }

/** Gives the bench free numbers and picks `count` submissions still waiting for their sample. */
async function prepareBench(url: string, count: number): Promise<string[]> {
  const bridge = await connectBridge(url)
  try {
    for (const type of ['HP', 'CT'] as const) await typeFreeNumbers(bridge, type, count)
    const waiting = await bridge.call('protocols.search', { text: '', status: 'registered', offset: 0, limit: count })
    const ids = waiting.rows.map((row) => row.externalId).filter((id): id is string => id !== null)
    if (ids.length < count) throw new Error(`only ${ids.length} pre-registered submissions to scan, ${count} needed`)
    return ids
  } finally {
    bridge.close()
  }
}

/** Starts the harness on `folder` (kept: every start of a run is on the same copy) and waits for the scan field. */
async function startAndWaitForScan(browser: Browser, folder: string) {
  const harness = await startHarnessProcess(folder)
  const page = await openAndWaitForScan(browser, harness.url)
  const readyMs = performance.now() - harness.spawnedAt
  const close = async () => {
    await page.close()
    await harness.stop()
  }
  return { page, readyMs, close, url: harness.url }
}

export async function run(): Promise<Record<string, number>> {
  if (!existsSync('out/renderer/index.html')) execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' })
  await buildHarness()
  const dataFolder = await cachedDataFolder(PROTOCOLS_200K)
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
  })
  const copy = copyDataFolder(dataFolder)
  try {
    // The first start on the copied file reads all of it (the start check: nothing vouches for a
    // copied file); the clerk's start each morning is on the file the bench closed the evening before.
    const first = await startAndWaitForScan(browser, copy)
    await first.close()
    const ready: number[] = []
    for (let i = 1; i < STARTS; i++) {
      const started = await startAndWaitForScan(browser, copy)
      ready.push(started.readyMs)
      await started.close()
    }
    const { page, readyMs, close, url: harnessUrl } = await startAndWaitForScan(browser, copy)
    ready.push(readyMs)
    try {
      await page.evaluate(() => {
        const page = globalThis as unknown as Observed & {
          document: { addEventListener(type: string, listener: (event: { key: string; timeStamp: number }) => void, capture: boolean): void; querySelector(selector: string): { textContent: string | null } | null; body: unknown }
          MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void }
          requestAnimationFrame(callback: () => void): void
          MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(message: unknown): void } }
        }
        page.__enterToNumber = []
        page.__enterToDom = []
        let enteredAt: number | null = null
        let shown = page.document.querySelector('[data-testid="last-result"] .big-number')?.textContent ?? null
        page.document.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') enteredAt = event.timeStamp
        }, true)
        new page.MutationObserver(() => {
          const number = page.document.querySelector('[data-testid="last-result"] .big-number')?.textContent ?? null
          if (number === null || number === shown || enteredAt === null) return
          shown = number
          const from = enteredAt
          enteredAt = null
          page.__enterToDom.push(performance.now() - from)
          page.requestAnimationFrame(() => {
            const channel = new page.MessageChannel()
            channel.port1.onmessage = () => page.__enterToNumber.push(performance.now() - from)
            channel.port2.postMessage(null)
          })
        }).observe(page.document.body, { childList: true, subtree: true, characterData: true })
      })
      await page.locator('#clerk').selectOption('Ana (demo)')
      // Typed ranges at the top of this year's sequence: the data folder's numbers sit below them.
      const externalIds = await prepareBench(harnessUrl, WARM_UP + RECEPTIONS)
      const scan = page.locator('#scan')
      const animalName = page.locator('#animal-name')
      for (const [i, externalId] of externalIds.entries()) {
        // What the clerk does most: scan the submission's QR, check the form, Enter.
        await scan.fill(externalId)
        await scan.press('Enter')
        await animalName.waitFor()
        await animalName.press('Enter')
        await page.waitForFunction((count) => (globalThis as unknown as Observed).__enterToNumber.length >= count, i + 1, { timeout: 30_000 })
      }
      const observed = await page.evaluate(() => {
        const kept = globalThis as unknown as Observed
        return { toFrame: kept.__enterToNumber, toDom: kept.__enterToDom }
      })
      const samples = observed.toFrame.slice(WARM_UP)
      if (samples.length !== RECEPTIONS) throw new Error(`${samples.length} receptions were timed, not ${RECEPTIONS}`)
      // Where the time goes: until the number is in the DOM (answer and render), then the frame.
      const inDom = observed.toDom.slice(WARM_UP)
      console.info(
        `  enter → number in the DOM: median ${percentile(inDom, 50).toFixed(1)} ms, p95 ${percentile(inDom, 95).toFixed(1)} ms; → frame: median ${percentile(samples, 50).toFixed(1)} ms; first start on the copy ${first.readyMs.toFixed(0)} ms; starts: ${ready.map((ms) => ms.toFixed(0)).join(', ')} ms`
      )
      const floor = await measureFrameFloor(browser, WARM_UP, RECEPTIONS)
      console.info(`  the floor, a page that paints in its keydown handler: Enter → frame median ${floor.p50.toFixed(1)} ms, p95 ${floor.p95.toFixed(1)} ms`)
      const readyFloor = await measureReadyFloor(browser, STARTS)
      console.info(
        `  the floor, a process that only serves a scan field: start → focused median ${readyFloor.bare.toFixed(0)} ms; with React rendering only that field: ${readyFloor.react.toFixed(0)} ms`
      )
      return { harness_ready_ms: percentile(ready, 50), enter_to_number_p95_ms: percentile(samples, 95) }
    } finally {
      await close()
    }
  } finally {
    await browser.close()
    rmSync(copy, { recursive: true, force: true })
  }
}
