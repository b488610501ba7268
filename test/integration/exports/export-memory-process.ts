/**
 * Runs one export of every protocol in a process of its own and prints its memory figures as one
 * JSON line, so the process doing the export is the one measured and nothing else shares it.
 * Usage: node --expose-gc --import tsx export-memory-process.ts <dataDir> <csv|xlsx>
 *
 * rssGrowth: peak resident size over the start (SQLite's page cache, capped at 32 MB, is in it).
 * liveGrowth: peak of memory still reachable after a full collection (JS heap + external +
 * array buffers), sampled during the export; garbage V8 has not collected yet is left out.
 */
import { createBenchHost } from '../../../src/main/host'
import { waitForExport } from './export-fixture'
import { callerOf } from '../../support/call'

const [dataDir, format] = process.argv.slice(2) as [string, 'csv' | 'xlsx']
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const host = createBenchHost({ dataDir, shell: 'browser-harness', appVersion: '0', demoProtocols: 0, workerCount: 1, log: () => {} })
const used = () => {
  const memory = process.memoryUsage()
  return memory.heapUsed + memory.external + memory.arrayBuffers
}
gc()
const baseRss = process.memoryUsage().rss
const baseLive = used()
let peakRss = baseRss
let peakLive = baseLive
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5)
const liveTimer = setInterval(() => {
  gc()
  peakLive = Math.max(peakLive, used())
}, 200)
const started = await callerOf(host)('exports.start', { source: 'protocols', format, params: {}, language: 'es' })
const done = await waitForExport(host, started.id)
clearInterval(rssTimer)
clearInterval(liveTimer)
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024)
await host.close()
console.log(JSON.stringify({ rows: done.rows, state: done.state, rssGrowth: peakRss - baseRss, liveGrowth: peakLive - baseLive }))
