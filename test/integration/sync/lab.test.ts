/**
 * A lab of three benches on one reference server (SQLite and PostgreSQL): one used before it was
 * ever paired, numbering from ranges its administrator typed; two paired and then cut off from
 * the server while they receive samples and issue work orders. After everyone syncs, no protocol
 * number and no work-order number exists twice, on the server or on any bench, and a bench wiped
 * and paired again never gives a number that was already given.
 *
 * The whole scenario: 200 protocols and 20 work orders per bench, on a server whose
 * blocks (250 numbers) cover what an offline bench receives in the meantime. The HP and OT ranges
 * typed at the first bench overlap the blocks other benches number from offline: each of its
 * protocols and orders is refused (or gives its number up to the other bench's row) and is
 * renumbered from a leased block, as the clerk does from the Sync conflicts list, each tube's new
 * label coming out at the printer.
 */
import { afterEach, expect, it } from 'vitest'
import { startPrinterSink, type PrinterSink } from '../../../bench/workloads/printer-sink'
import { zplPrinterAt } from '../../../bench/workloads/host'
import { describeEachBackend, freshStorage, type StorageHandle } from '../../server/support'
import { installLabPriceList, startTestHost, typedRange, type TestHost } from '../../support/bench-host'
import { testClock } from '../../support/test-clock'
import { ADMIN_PIN, createVet, receive, serverRows, startSyncServer, type ServerFixture } from './support'

const PROTOCOLS = 200
const ORDERS = 20

interface LabBench {
  bench: TestHost
  vetId: string
}

async function liveBench(): Promise<LabBench> {
  const bench = await startTestHost({ demoProtocols: 0, clock: testClock })
  await bench.call('settings.update', { syncIntervalSeconds: 3600 })
  installLabPriceList(bench.host)
  const vet = await createVet(bench, `Dra. ${bench.dataDir.slice(-6)}`)
  return { bench, vetId: vet.id }
}

async function pair(lab: LabBench, server: ServerFixture, name: string): Promise<void> {
  await lab.bench.call('sync.pair', { serverUrl: server.url, code: await server.code(), benchName: name, adminPin: ADMIN_PIN })
  await lab.bench.call('sync.now', { wait: true })
}

/** Receives `count` samples, then issues `orders` work orders, each billing one of them. */
async function work(lab: LabBench, count: number, orders: number, tag: string): Promise<void> {
  const vet = { id: lab.vetId } as Parameters<typeof receive>[1]
  const ids: string[] = []
  for (let i = 0; i < count; i += 1) ids.push((await receive(lab.bench, vet, `${tag} ${i}`)).protocol.id)
  for (let i = 0; i < orders; i += 1) {
    const { order } = await lab.bench.call('workOrders.create', { veterinarianId: lab.vetId, protocolIds: [ids[i]!] })
    const issued = await lab.bench.call('workOrders.issue', { id: order.id })
    expect(issued.order.number).toMatch(/^OT \d{2}\/\d{4,5}$/)
  }
}

/** Syncs every bench until none has anything left to push (a bench's pull may follow another's push). */
async function syncAll(benches: LabBench[]): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    for (const lab of benches) await lab.bench.call('sync.now', { wait: true })
  }
}

/** What the clerk does with the Sync conflicts list: "Renumerar" on every row it offers it for. Answers how many. */
async function renumberRefused(lab: LabBench): Promise<number> {
  const { conflicts } = await lab.bench.call('sync.conflicts', {})
  const refused = new Map(conflicts.filter((conflict) => conflict.renumberable).map((conflict) => [conflict.entityId, conflict.entity]))
  for (const [id, entity] of refused) {
    if (entity === 'work_order') await lab.bench.call('workOrders.renumber', { id })
    else await lab.bench.call('protocols.renumber', { id })
  }
  return refused.size
}

const duplicates = (numbers: readonly unknown[]): unknown[] => numbers.filter((n, i) => numbers.indexOf(n) !== i)

function localNumbers(lab: LabBench): { protocols: string[]; orders: string[] } {
  const db = lab.bench.host.db
  return {
    protocols: db.prepare(`SELECT number FROM protocols WHERE number IS NOT NULL AND deleted_at IS NULL`).pluck().all() as string[],
    orders: db.prepare(`SELECT number FROM work_orders WHERE seq IS NOT NULL`).pluck().all() as string[]
  }
}

describeEachBackend('a lab of three benches, live from day one', (backend) => {
  let storage: StorageHandle | undefined
  let server: ServerFixture | undefined
  const benches: LabBench[] = []
  let sink: PrinterSink | undefined
  afterEach(async () => {
    for (const lab of benches.splice(0)) await lab.bench.close()
    await sink?.close()
    sink = undefined
    await server?.cleanup()
    await storage?.cleanup()
    server = storage = undefined
  })

  it('three benches receive and bill offline, then sync: no number twice anywhere; a wiped bench re-paired reuses none', async () => {
    storage = await freshStorage(backend)
    server = await startSyncServer({ ...storage.options, now: () => testClock().getTime(), blockSize: 250 })
    const year = testClock().getFullYear()

    // A: used before pairing, from ranges its administrator typed (claimed at first contact).
    const a = await liveBench()
    benches.push(a)
    // Its HP range starts inside the numbers B receives offline and runs on into blocks the server
    // leases to others: the claim is refused and every protocol A numbered comes back to renumber.
    const hpStart = PROTOCOLS - 9
    await a.bench.call('numbers.addLocalRange', typedRange({ type: 'HP', year, start: hpStart, end: hpStart + PROTOCOLS - 1 }))
    // Across the OT block B is leased, half on numbers B issues offline: A's claim is refused, and
    // every order A numbered from the range comes back refused (or gives its number up to B's), to renumber.
    await a.bench.call('numbers.addLocalRange', typedRange({ type: 'OT', year, start: ORDERS / 2 + 1, end: ORDERS / 2 + ORDERS }))
    await work(a, PROTOCOLS, ORDERS, 'A')

    // B and C: paired, then the server goes down while they work.
    const b = await liveBench()
    const c = await liveBench()
    benches.push(b, c)
    await pair(b, server, 'Recepción B')
    await pair(c, server, 'Recepción C')
    await server.stop()
    await work(b, PROTOCOLS, ORDERS, 'B')
    await work(c, PROTOCOLS, ORDERS, 'C')
    expect((await b.bench.call('sync.now', { wait: true })).state).toBe('offline')

    await server.restart()
    await pair(a, server, 'Recepción A')
    await syncAll(benches)
    expect(a.bench.host.db.prepare(`SELECT type, claim_status FROM number_blocks WHERE source = 'local' ORDER BY type`).raw().all()).toEqual([
      ['HP', 'refused'],
      ['OT', 'refused']
    ])
    // B issued half of A's numbers too: those orders gave theirs up to B's; the rest were refused at push.
    const aDb = a.bench.host.db
    expect(aDb.prepare(`SELECT number_refused, count(*) FROM work_orders WHERE number_refused IS NOT NULL GROUP BY 1 ORDER BY 1`).raw().all()).toEqual([
      ['number_outside_block', ORDERS / 2],
      ['number_taken', ORDERS / 2]
    ])
    // Protocols likewise: B holds ten of A's numbers (given up to B's rows), the rest lie outside A's blocks.
    const refusedProtocols = aDb.prepare(`SELECT number_refused, count(*) FROM protocols WHERE number_refused IS NOT NULL GROUP BY 1 ORDER BY 1`).raw().all() as [string, number][]
    expect(refusedProtocols.map(([code]) => code)).toEqual(['number_outside_block', 'number_taken'])
    expect(refusedProtocols.reduce((sum, [, count]) => sum + count, 0)).toBe(PROTOCOLS)
    // The clerk at each bench renumbers what the Sync conflicts list offers, A's label printer
    // plugged in; then all sync again.
    sink = await startPrinterSink()
    await a.bench.call('settings.update', { printer: zplPrinterAt(sink.port) })
    const renumbered = []
    for (const lab of benches) renumbered.push(await renumberRefused(lab))
    expect(renumbered).toEqual([PROTOCOLS + ORDERS, 0, 0])
    // Every renumbered tube got its new label at the printer, one each.
    const labels = await sink.waitForJobs(PROTOCOLS, 60_000)
    const printed = labels.map((label) => /\^FD(HP \d{2}\/\d{4,})\^FS/.exec(label.toString('utf8'))?.[1])
    const aNumbers = aDb.prepare(`SELECT number FROM protocols WHERE animal_name LIKE 'A %'`).pluck().all() as string[]
    expect(printed.sort()).toEqual(aNumbers.sort())
    expect(aDb.prepare(`SELECT count(DISTINCT entity_id) FROM number_aliases WHERE entity = 'protocol'`).pluck().get()).toBe(PROTOCOLS)
    // Each renumbered order's PDF is rendered again and its message written (jobs) before the last rounds.
    for (const lab of benches) await lab.bench.host.queue.drained()
    await syncAll(benches)
    expect(aDb.prepare(`SELECT count(*) FROM work_orders WHERE number_refused IS NOT NULL`).pluck().get()).toBe(0)
    expect(aDb.prepare(`SELECT count(*) FROM protocols WHERE number_refused IS NOT NULL`).pluck().get()).toBe(0)
    expect(aDb.prepare(`SELECT count(DISTINCT entity_id) FROM number_aliases WHERE entity = 'work_order'`).pluck().get()).toBe(ORDERS)
    for (const lab of benches) {
      const { conflicts } = await lab.bench.call('sync.conflicts', {})
      // Renumbering settled every refusal of a number: what is left to review are the refused typed ranges.
      expect(conflicts.map((conflict) => conflict.code)).toEqual(lab === a ? ['range_taken', 'range_taken'] : [])
      for (const conflict of conflicts) await lab.bench.call('sync.resolveConflict', { id: conflict.id })
      const status = await lab.bench.call('sync.status', {})
      expect([status.state, status.pending, status.conflicts]).toEqual(['idle', 0, 0])
    }

    const reader = await server.reader()
    const onServer = await serverRows(reader)
    const serverProtocols = onServer.filter((row) => row.entity === 'protocol' && row.fields.number !== null).map((row) => row.fields.number)
    const serverOrders = onServer.filter((row) => row.entity === 'work_order' && typeof row.fields.seq === 'number').map((row) => row.fields.number)
    expect(serverProtocols).toHaveLength(3 * PROTOCOLS)
    expect(serverOrders).toHaveLength(3 * ORDERS)
    expect(duplicates(serverProtocols)).toEqual([])
    expect(duplicates(serverOrders)).toEqual([])
    for (const lab of benches) {
      const local = localNumbers(lab)
      // Every bench holds every protocol of the lab (its own and the pulled ones), each number once.
      expect(local.protocols).toHaveLength(3 * PROTOCOLS)
      expect(duplicates(local.protocols)).toEqual([])
      expect(duplicates(local.orders)).toEqual([])
    }

    // C is wiped (a new data folder) and paired again: what it numbers now was never given before.
    const given = new Set([...serverProtocols, ...serverOrders])
    await benches.splice(2, 1)[0]!.bench.close()
    const wiped = await liveBench()
    benches.push(wiped)
    await pair(wiped, server, 'Recepción C')
    await work(wiped, 5, 2, 'C again')
    await wiped.bench.call('sync.now', { wait: true })
    const fresh = (await wiped.bench.call('sync.status', {})) as { pending: number; conflicts: number }
    expect([fresh.pending, fresh.conflicts]).toEqual([0, 0])
    const mine = wiped.bench.host.db
      // Its own orders: the other benches' issued orders are on it too now (read-only copies).
      .prepare(
        `SELECT number FROM protocols WHERE animal_name LIKE 'C again %'
         UNION ALL SELECT number FROM work_orders WHERE seq IS NOT NULL
           AND id NOT IN (SELECT entity_id FROM document_copies WHERE entity = 'work_order' AND origin = 'elsewhere')`
      )
      .pluck()
      .all() as string[]
    expect(mine).toHaveLength(7)
    expect(mine.filter((number) => given.has(number))).toEqual([])
    const after = await serverRows(reader)
    expect(duplicates(after.filter((row) => row.entity === 'protocol' && row.fields.number !== null).map((row) => row.fields.number))).toEqual([])
    expect(duplicates(after.filter((row) => row.entity === 'work_order' && typeof row.fields.seq === 'number').map((row) => row.fields.number))).toEqual([])
  }, 300_000)
})
