/**
 * sync_push_10k_s / sync_pull_10k_s: 10,000 protocol changes pushed by one bench (batches of
 * PUSH_BATCH, as the sync engine sends them) and pulled by another (pages of PULL_PAGE) through
 * the reference server over loopback HTTP, SQLite storage in a temp folder.
 * sync_round_10k_s: the first round of a newly paired bench host (the real sync engine): the
 * snapshot of those 10,000 protocols applied to its own database, then pull and drift check.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { newId } from '../src/shared/ids'
import { receivedProtocol } from '../test/server/support'
import { MAX_PAGE_LIMIT, type PushOpInput } from '../src/shared/sync-protocol'
import { createSyncClient } from '../src/main/features/sync/client'
import { startServer } from '../server/src/server'
import { createBenchHost } from '../src/main/host'

const CHANGES = 10_000
const PUSH_BATCH = 500
const PULL_PAGE = MAX_PAGE_LIMIT

function protocolChange(deviceId: string, opSeq: number, veterinarianId: string, year: number, seq: number): PushOpInput {
  const at = new Date(Date.UTC(year, 0, 1) + seq * 60_000).toISOString()
  return {
    deviceId,
    opSeq,
    entity: 'protocol',
    entityId: newId(),
    op: 'upsert',
    fields: receivedProtocol(year, seq, {
      veterinarianId,
      animal: { name: `Luna ${seq}`, species: 'Canine', breed: 'Labrador', sex: 'female_spayed', age: '7 years', owner: 'García López' },
      receivedAt: at,
      createdAt: at,
      updatedAt: at
    })
  }
}

async function firstRound(url: string, code: string, dataDir: string): Promise<number> {
  const host = createBenchHost({ dataDir, shell: 'browser-harness', appVersion: 'bench', demoProtocols: 0, workerCount: 1, log: () => undefined })
  try {
    await host.dispatch('settings.update', { syncIntervalSeconds: 3600 })
    const started = performance.now()
    const paired = await host.dispatch('sync.pair', { serverUrl: url, code, benchName: 'bench round' })
    const done = await host.dispatch('sync.now', { wait: true })
    const seconds = (performance.now() - started) / 1000
    if (!paired.ok || !done.ok) throw new Error('bench round: the sync round failed')
    const protocols = host.db.prepare('SELECT count(*) FROM protocols').pluck().get() as number
    if (protocols !== CHANGES) throw new Error(`bench round: expected ${CHANGES} protocols on the bench, got ${protocols}`)
    return seconds
  } finally {
    await host.close()
  }
}

export async function run(): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rb-bench-sync-'))
  const server = await startServer({ dataDir, blockSize: CHANGES, log: () => undefined })
  try {
    const anonymous = createSyncClient({ baseUrl: server.url })
    const pusherCredentials = await anonymous.pair((await server.createPairingCode()).code, 'bench 1')
    const pullerCredentials = await anonymous.pair((await server.createPairingCode()).code, 'bench 2')
    const pusher = createSyncClient({ baseUrl: server.url, deviceId: pusherCredentials.deviceId, secret: pusherCredentials.secret })
    const puller = createSyncClient({ baseUrl: server.url, deviceId: pullerCredentials.deviceId, secret: pullerCredentials.secret })
    const block = pusherCredentials.blocks.find((b) => b.type === 'HP')!
    const veterinarianId = newId()
    const ops = Array.from({ length: CHANGES }, (_, i) =>
      protocolChange(pusherCredentials.deviceId, i + 1, veterinarianId, block.year, block.start + i)
    )

    const pushStart = performance.now()
    let acked = 0
    for (let i = 0; i < ops.length; i += PUSH_BATCH) {
      const response = await pusher.push({ afterOpSeq: acked, ops: ops.slice(i, i + PUSH_BATCH) })
      if (response.results.some((result) => result.status !== 'applied')) throw new Error('bench push: an operation was not applied')
      acked = response.lastOpSeq
    }
    const pushSeconds = (performance.now() - pushStart) / 1000

    const pullStart = performance.now()
    let cursor = 0
    let rows = 0
    for (;;) {
      const page = await puller.pull(cursor, PULL_PAGE)
      rows += page.rows.length
      cursor = page.cursor
      if (!page.hasMore) break
    }
    const pullSeconds = (performance.now() - pullStart) / 1000
    if (rows !== CHANGES) throw new Error(`bench pull: expected ${CHANGES} rows, got ${rows}`)
    const roundSeconds = await firstRound(server.url, (await server.createPairingCode()).code, join(dataDir, 'bench'))
    return { sync_push_10k_s: pushSeconds, sync_pull_10k_s: pullSeconds, sync_round_10k_s: roundSeconds }
  } finally {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
