import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { createBenchHost } from '../src/main/host'
import { seedDemoData } from '../src/main/features/demo/demo-seed'
import { startHarness } from '../src/harness/server'
import { percentile } from './stats'

const SEARCH_TERMS = ['luna', 'garcía', 'pena', 'HP 26/0123', '0123', 'mu', 'l', 'perro lab', 'SUB-1234', 'fernández luna', 'z', '', 'ibáñez', 'toby gato', 'CT 26/0045', 'martínez ruiz']

/** search_p95_ms: FTS search over 200,000 protocols; ipc_roundtrip_p95_ms: a contract call through the harness bridge. */
export async function run(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-foundation-'))
  try {
    const host = createBenchHost({ dataDir: dir, shell: 'browser-harness', appVersion: 'bench', demoProtocols: 0, log: () => {} })
    seedDemoData(host.db, { protocols: 200_000, now: new Date(), withHistory: false, firstSeq: 1 })
    const searchTimes: number[] = []
    for (let round = 0; round < 12; round++) {
      for (const text of SEARCH_TERMS) {
        const started = performance.now()
        const result = await host.dispatch('protocols.search', { text, limit: 100 })
        searchTimes.push(performance.now() - started)
        if (!result.ok) throw new Error(`search failed: ${result.error.message}`)
      }
    }
    await host.close()

    const harness = await startHarness({ rendererDir: dir, host: { dataDir: dir, appVersion: 'bench', log: () => {} } })
    const url = new URL(harness.url)
    const ws = new WebSocket(`ws://${url.host}/bridge?token=${url.hash.replace('#bridge=', '')}`, { headers: { origin: url.origin } })
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    const roundTrips: number[] = []
    let id = 0
    for (let i = 0; i < 600; i++) {
      const started = performance.now()
      await new Promise<void>((resolve) => {
        const mine = ++id
        const onMessage = (data: WebSocket.RawData) => {
          if ((JSON.parse(data.toString()) as { id?: number }).id === mine) {
            ws.off('message', onMessage)
            resolve()
          }
        }
        ws.on('message', onMessage)
        ws.send(JSON.stringify({ id: mine, channel: 'bench:preferences.get', input: {} }))
      })
      if (i >= 100) roundTrips.push(performance.now() - started)
    }
    ws.close()
    await harness.close()
    return { search_p95_ms: percentile(searchTimes, 95), ipc_roundtrip_p95_ms: percentile(roundTrips, 95) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
