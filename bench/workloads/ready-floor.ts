/**
 * What process start → scan field focused costs when the process does no work at all: `node`
 * starts, serves a page, and a new page in the same browser opens it, timed exactly as
 * harness_ready_ms times the app (the same wait, the same viewport). Two pages:
 * - bare: the scan field and one line of script that focuses it;
 * - react: React and react-dom as the app ships them (production, minified, a module script)
 *   rendering only the scan field and focusing it (ready-floor-react.ts).
 * The app cannot be ready sooner than these on the same machine and browser, so they are printed
 * beside that figure as its floor.
 */
import { join } from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { build } from 'rolldown'
import { percentile } from '../measure'
import { ROOT, startServingProcess } from './built-harness'

const REACT_OUT = join(ROOT, '.bench', 'build', 'ready-floor')

const BARE_PAGE = `<!doctype html><html lang="es"><meta charset="utf-8"><input id="scan"><script>document.getElementById('scan').focus()</script>`
const REACT_PAGE = `<!doctype html><html lang="es"><meta charset="utf-8"><script type="module" src="/floor.js"></script><div id="root"></div>`

// Answers the page (and the script file named after it, read as the harness reads its files) and
// prints its URL as one JSON line, as the harness does.
const server = (page: string) => `
const page = ${JSON.stringify(page)}
const server = require('node:http').createServer((request, response) => {
  const js = request.url === '/floor.js'
  response.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html; charset=utf-8' })
  response.end(js ? require('node:fs').readFileSync(process.argv[1]) : page)
})
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/' })))
`

/** Bundles the React floor's script as the renderer is built (production React, minified); answers its file. */
async function buildReactScript(): Promise<string> {
  await build({
    cwd: ROOT,
    input: { floor: join(ROOT, 'bench/workloads/ready-floor-react.ts') },
    platform: 'browser',
    transform: { define: { 'process.env.NODE_ENV': '"production"' } },
    logLevel: 'silent',
    output: { dir: REACT_OUT, format: 'esm', entryFileNames: '[name].js', minify: true, cleanDir: true }
  })
  return join(REACT_OUT, 'floor.js')
}

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

/** Starts each do-nothing server `starts` times and answers the median spawn → scan focused of each page. */
export async function measureReadyFloor(browser: Browser, starts: number): Promise<{ bare: number; react: number }> {
  const script = await buildReactScript()
  return {
    bare: await medianStart(browser, server(BARE_PAGE), '', starts),
    react: await medianStart(browser, server(REACT_PAGE), script, starts)
  }
}

async function medianStart(browser: Browser, source: string, scriptFile: string, starts: number): Promise<number> {
  const ready: number[] = []
  for (let i = 0; i < starts; i++) {
    const server = await startServingProcess(['-e', source, scriptFile])
    try {
      const page = await openAndWaitForScan(browser, server.url)
      ready.push(performance.now() - server.spawnedAt)
      await page.close()
    } finally {
      await server.stop()
    }
  }
  return percentile(ready, 50)
}
