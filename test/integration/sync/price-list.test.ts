/**
 * The price list is the lab's: set on the reference server (SQLite and PostgreSQL) with
 * `npm run server -- price-list FILE` as a real child process, pulled by a real bench, refused
 * when a bench pushes a change of its own.
 */
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect, it } from 'vitest'
import type { TestHost } from '../../support/bench-host'
import { makeTempDir } from '../../support/temp-dir'
import { describeEachBackend, freshStorage, type StorageHandle } from '../../server/support'
import { serverRows, startPairedBench, startSyncServer, type ServerFixture } from './support'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** `npm run server -- price-list …` against the test's storage; resolves with its exit code and output. */
function priceListCli(env: Record<string, string>, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'price-list', ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr })
    )
  })
}

const benchPrices = (bench: TestHost) =>
  bench.host.db.prepare(`SELECT code, unit_price_cents AS cents, active FROM services WHERE deleted_at IS NULL ORDER BY code`).all()

/** What a bench that edited its own price list would send: a changed row and its outbox operation. */
function benchRepricesOnItsOwn(bench: TestHost, id: string, cents: number): void {
  const at = new Date(0).toISOString()
  const fields = bench.host.db.prepare(`SELECT code, description, tax_rate_percent AS taxRatePercent FROM services WHERE id = ?`).get(id) as Record<string, unknown>
  bench.host.db.transaction(() => {
    bench.host.db.prepare(`UPDATE services SET unit_price_cents = ? WHERE id = ?`).run(cents, id)
    bench.host.db
      .prepare(`INSERT INTO outbox (entity, entity_id, op, payload_json, created_at) VALUES ('service', ?, 'upsert', ?, ?)`)
      .run(id, JSON.stringify({ ...fields, unitPriceCents: cents, active: true }), at)
  })()
}

describeEachBackend('the lab sets the price list on the server, benches only pull it', (backend) => {
  let storage: StorageHandle | undefined
  let server: ServerFixture | undefined
  let bench: TestHost | undefined
  const files = makeTempDir('rb-price-list-')
  afterEach(async () => {
    await bench?.close()
    await server?.cleanup()
    await storage?.cleanup()
    bench = server = storage = undefined
  })

  it('a list set with the server command reaches the bench read-only; a bench change is refused; a new list replaces it', async () => {
    storage = await freshStorage(backend)
    server = await startSyncServer(storage.options)
    bench = await startPairedBench(server, 'Recepción 1')
    expect(await bench.call('workOrders.priceList', {})).toEqual({ services: [], source: 'none' })

    const first = join(files.path, 'tarifas.csv')
    writeFileSync(first, '\uFEFFCódigo;Descripción;Precio;IVA\nHP-BIOPSIA;Biopsia;35,00;21\nCT-CITO;Citología;22,50;21\n')
    const set = await priceListCli(storage.env, [first])
    expect(set.code).toBe(0)
    expect(set.output).toMatch(/2 new, 0 changed, 0 made inactive/)

    await bench.call('sync.now', { wait: true })
    const pulled = await bench.call('workOrders.priceList', {})
    expect(pulled.source).toBe('lab')
    expect(pulled.services.map(({ code, unitPriceCents, active }) => [code, unitPriceCents, active])).toEqual([
      ['CT-CITO', 2250, true],
      ['HP-BIOPSIA', 3500, true]
    ])

    // A bench that sets a price of its own (no bench code writes one; an old or altered bench might):
    // the server refuses it, keeps the lab's price and the bench shows the refusal for review.
    const biopsy = pulled.services.find((service) => service.code === 'HP-BIOPSIA')!
    benchRepricesOnItsOwn(bench, biopsy.id, 100)
    const status = await bench.call('sync.now', { wait: true })
    expect([status.pending, status.conflicts]).toEqual([0, 1])
    expect((await bench.call('sync.conflicts', {})).conflicts).toMatchObject([{ kind: 'rejected', code: 'lab_only', entity: 'service', label: 'HP-BIOPSIA' }])
    const reader = await server.reader()
    const onServer = (await serverRows(reader)).filter((row) => row.entity === 'service')
    expect(onServer.find((row) => row.id === biopsy.id)!.fields.unitPriceCents).toBe(3500)

    // A bad file changes nothing and says which line is wrong.
    const bad = join(files.path, 'mal.csv')
    writeFileSync(bad, 'code,description,price,tax\nHP-BIOPSIA,Biopsia,35 euros,21\n')
    const refused = await priceListCli(storage.env, [bad])
    expect(refused.code).toBe(1)
    expect(refused.output).toMatch(/line 2: price "35 euros"/)

    // The lab's next list: one price changes, one service is new, one is no longer listed; the
    // bench takes the lab's prices over its own.
    const second = join(files.path, 'tarifas.json')
    writeFileSync(
      second,
      JSON.stringify([
        { code: 'HP-BIOPSIA', description: 'Biopsia', unitPriceCents: 3800, taxRatePercent: 21 },
        { code: 'HP-NECRO', description: 'Necropsia', unitPriceCents: 9000, taxRatePercent: 21 }
      ])
    )
    const again = await priceListCli(storage.env, [second])
    expect(again.output).toMatch(/1 new, 1 changed, 1 made inactive, 0 unchanged/)
    const afterSecond = (await serverRows(reader)).filter((row) => row.entity === 'service')
    expect(afterSecond.find((row) => row.id === biopsy.id)!.fields.unitPriceCents).toBe(3800)

    await bench.call('sync.now', { wait: true })
    expect(benchPrices(bench)).toEqual([
      { code: 'CT-CITO', cents: 2250, active: 0 },
      { code: 'HP-BIOPSIA', cents: 3800, active: 1 },
      { code: 'HP-NECRO', cents: 9000, active: 1 }
    ])
    // The same id: work-order lines that name the service still find it.
    expect((await bench.call('workOrders.priceList', {})).services.find((service) => service.code === 'HP-BIOPSIA')!.id).toBe(biopsy.id)
    // Three server commands as child processes, each starting tsx: room for a loaded machine.
  }, 120_000)
})
