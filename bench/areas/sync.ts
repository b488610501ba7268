/**
 * sync_push_10k_total_s / sync_pull_10k_total_s: 10,000 protocol changes pushed by one bench
 * (batches of PUSH_BATCH, as the sync engine sends them) and pulled by another (pages of
 * PULL_PAGE) through the reference server over loopback HTTP, SQLite storage in a temp folder.
 * sync_round_10k_total_s: the first round of a newly paired bench host (the real sync engine): the
 * snapshot of those 10,000 protocols applied to its own database, then pull and drift check.
 * restore_10k_protocols_s: a wiped bench paired again gets the lab back: the same 10,000
 * protocols plus 500 finalized reports, each with its 50 KB PDF fetched as a blob and checked
 * against its SHA-256, until every report is finalized on the bench with its PDF.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { newId } from '../../src/shared/ids'
import { MAX_PAGE_LIMIT, type PushOpInput } from '../../src/shared/sync-protocol'
import { createSyncClient } from '../../src/main/features/sync/client'
import { startServer } from '../../server/src/server'
import { measureOnce } from '../measure'
import { startHost } from '../workloads/host'
import { receivedProtocol } from '../workloads/pushed-rows'

const CHANGES = 10_000
const PUSH_BATCH = 500
const REPORTS = 500
const PDF_BYTES = 50 * 1024
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
      receivedBy: 'Ana',
      createdAt: at,
      updatedAt: at
    })
  }
}

/** A finalized report of a protocol as its bench pushes it, naming its PDF by hash. */
function reportChange(deviceId: string, opSeq: number, protocolId: string, at: string, pdfSha256: string): PushOpInput {
  return {
    deviceId,
    opSeq,
    entity: 'report',
    entityId: newId(),
    op: 'upsert',
    fields: {
      protocolId,
      version: 1,
      amendsId: null,
      status: 'finalized',
      content: {
        macroscopy: 'Nódulo cutáneo de 2,3 × 1,8 cm, firme, blanquecino al corte.',
        cassettes: [{ code: 'A1', tissue: 'Nódulo', pieces: 2, microscopy: 'Proliferación de células fusiformes.' }],
        diagnosis: 'Sarcoma de tejidos blandos de grado I.',
        comments: '',
        pathologist: { name: 'Dra. Lucía Peñalver', licence: '28/4567' }
      },
      createdAt: at,
      updatedAt: at,
      finalizedAt: at,
      pdfSha256,
      finalizeInputSha256: null,
      demo: false
    }
  }
}

/** Seconds from pairing a new bench to the end of its first round, with every protocol (and report with its PDF) on the bench. */
async function firstRound(url: string, code: string, reports = 0): Promise<number> {
  const bench = await startHost({ demoProtocols: 0, workerCount: 1 })
  try {
    await bench.call('settings.update', { syncIntervalSeconds: 3600 })
    const ms = await measureOnce(async () => {
      await bench.call('sync.pair', { serverUrl: url, code, benchName: 'bench round', adminPin: '2468' })
      await bench.call('sync.now', { wait: true })
    })
    const protocols = bench.host.db.prepare('SELECT count(*) FROM protocols').pluck().get() as number
    if (protocols !== CHANGES) throw new Error(`bench round: expected ${CHANGES} protocols on the bench, got ${protocols}`)
    const finalized = bench.host.db
      .prepare(`SELECT count(*) FROM reports r JOIN report_pdfs p ON p.report_id = r.id WHERE r.status = 'finalized' AND p.sha256 = r.pdf_sha256`)
      .pluck()
      .get() as number
    if (finalized !== reports) throw new Error(`bench round: expected ${reports} finalized reports with their PDFs, got ${finalized}`)
    return ms / 1000
  } finally {
    await bench.close()
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

    const pushMs = await measureOnce(async () => {
      let acked = 0
      for (let i = 0; i < ops.length; i += PUSH_BATCH) {
        const response = await pusher.push({ afterOpSeq: acked, ops: ops.slice(i, i + PUSH_BATCH) })
        const refused = response.results.find((result) => result.status !== 'applied')
        if (refused) throw new Error(`bench push: an operation was not applied: ${JSON.stringify(refused)}`)
        acked = response.lastOpSeq
      }
    })

    let rows = 0
    const pullMs = await measureOnce(async () => {
      let cursor = 0
      for (;;) {
        const page = await puller.pull(cursor, PULL_PAGE)
        rows += page.rows.length
        cursor = page.cursor
        if (!page.hasMore) break
      }
    })
    if (rows !== CHANGES) throw new Error(`bench pull: expected ${CHANGES} rows, got ${rows}`)
    const roundSeconds = await firstRound(server.url, (await server.createPairingCode()).code)

    // The lab's reports: 500 of those protocols finalized, each PDF uploaded before its row.
    const reportOps = ops.slice(0, REPORTS).map((op, i) => {
      const pdf = randomBytes(PDF_BYTES)
      return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), op: reportChange(pusherCredentials.deviceId, CHANGES + i + 1, op.entityId, new Date(Date.UTC(block.year, 1, 1)).toISOString(), '') }
    })
    for (const report of reportOps) {
      await pusher.putBlob(report.sha256, report.pdf)
      if (report.op.op === 'upsert') report.op.fields.pdfSha256 = report.sha256
    }
    const pushed = await pusher.push({ afterOpSeq: CHANGES, ops: reportOps.map((report) => report.op) })
    const refused = pushed.results.find((result) => result.status !== 'applied')
    if (refused) throw new Error(`bench push: a report was not applied: ${JSON.stringify(refused)}`)
    const restoreSeconds = await firstRound(server.url, (await server.createPairingCode()).code, REPORTS)
    return {
      sync_push_10k_total_s: pushMs / 1000,
      sync_pull_10k_total_s: pullMs / 1000,
      sync_round_10k_total_s: roundSeconds,
      restore_10k_protocols_s: restoreSeconds
    }
  } finally {
    await server.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
