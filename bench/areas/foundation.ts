/**
 * search_200k_p95_ms: the protocol search the UI sends, over 200,000 protocols.
 * ipc_roundtrip_p95_ms: one contract call from a page through the browser harness's loopback
 * WebSocket bridge to the host and back. Only ok answers count: an error answer fails the area.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { startHarness } from '../../src/harness/server'
import { seedDemoData } from '../../src/main/features/demo/demo-seed'
import { IPC_PREFIX, type Result } from '../../src/shared/contract'
import { formatProtocolNumber } from '../../src/shared/domain'
import { measure } from '../measure'
import { okValue, startHost } from '../workloads/host'

const PROTOCOLS = 200_000
/** A fixed day, so the seeded numbers (and the number searched for) are the same every year. */
const SEEDED_AT = new Date('2026-03-02T10:00:00Z')
const NUMBER_SEARCHED = formatProtocolNumber('HP', SEEDED_AT.getUTCFullYear(), 123)
/** What clerks type: names, numbers, fragments, one letter, nothing, accents, two words. */
const SEARCH_TERMS = ['luna', 'garcía', 'pena', NUMBER_SEARCHED, '0123', 'mu', 'l', 'perro lab', 'SUB-1234', 'fernández luna', 'z', '', 'ibáñez', 'toby gato', 'CT 26/0045', 'martínez ruiz']

async function searchP95(): Promise<number> {
  const bench = await startHost({ demoProtocols: 0 })
  try {
    seedDemoData(bench.host.db, { protocols: PROTOCOLS, now: SEEDED_AT, withHistory: false, firstSeq: 1 })
    const byNumber = await bench.call('protocols.search', { text: NUMBER_SEARCHED, limit: 100 })
    if (!byNumber.rows.some((row) => row.number === NUMBER_SEARCHED)) throw new Error(`searching ${NUMBER_SEARCHED} did not find it among ${PROTOCOLS} protocols`)
    const timing = await measure({ warmUp: SEARCH_TERMS.length, iterations: 12 * SEARCH_TERMS.length }, (_, i) =>
      bench.call('protocols.search', { text: SEARCH_TERMS[i % SEARCH_TERMS.length]!, limit: 100 })
    )
    return timing.p95
  } finally {
    await bench.close()
  }
}

async function ipcRoundTripP95(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-ipc-'))
  const harness = await startHarness({ rendererDir: dir, host: { dataDir: dir, appVersion: 'bench', demoProtocols: 0, log: () => undefined } })
  const url = new URL(harness.url)
  const ws = new WebSocket(`ws://${url.host}/bridge?token=${url.hash.replace('#bridge=', '')}`, { headers: { origin: url.origin } })
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
    let lastId = 0
    const roundTrip = () =>
      new Promise<void>((resolve, reject) => {
        const id = ++lastId
        const onMessage = (data: WebSocket.RawData) => {
          const answer = JSON.parse(data.toString()) as { id?: number; result?: Result<unknown> }
          if (answer.id !== id) return
          ws.off('message', onMessage)
          try {
            if (!answer.result) throw new Error(`the bridge answered ${data.toString().slice(0, 200)}`)
            const preferences = okValue('preferences.get', answer.result)
            if (typeof preferences !== 'object' || preferences === null) throw new Error('preferences.get answered no preferences')
            resolve()
          } catch (error) {
            reject(error as Error)
          }
        }
        ws.on('message', onMessage)
        ws.send(JSON.stringify({ id, channel: `${IPC_PREFIX}preferences.get`, input: {} }))
      })
    return (await measure({ warmUp: 100, iterations: 500 }, roundTrip)).p95
  } finally {
    ws.close()
    await harness.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function run(): Promise<Record<string, number>> {
  return { search_200k_p95_ms: await searchP95(), ipc_roundtrip_p95_ms: await ipcRoundTripP95() }
}
