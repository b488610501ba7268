import { afterEach, describe, expect, it } from 'vitest'
import { newId } from '../../../src/shared/ids'
import type { TestHost } from '../../support/bench-host'
import { eventually, startSink, type Sink } from '../../server/support'
import {
  createVet,
  receive,
  serverRows,
  startFaultyProxy,
  startPairedBench,
  startSyncServer,
  type FaultyProxy,
  type ServerFixture
} from './support'

/** What a module that edited the price list on a bench would write: the row and its outbox operation, together. */
function saveService(bench: TestHost, service: { id: string; code: string; description: string; unitPriceCents: number }) {
  const at = new Date().toISOString()
  const row = { ...service, taxRatePercent: 21, active: true }
  bench.host.db.transaction(() => {
    bench.host.db
      .prepare(
        `INSERT INTO services (id, code, description, unit_price_cents, tax_rate_percent, active, updated_at) VALUES (@id, @code, @description, @unitPriceCents, 21, 1, @at)
         ON CONFLICT (id) DO UPDATE SET unit_price_cents = excluded.unit_price_cents`
      )
      .run({ ...service, at })
    bench.host.db
      .prepare(`INSERT INTO outbox (entity, entity_id, op, payload_json, created_at) VALUES ('service', ?, 'upsert', ?, ?)`)
      .run(service.id, JSON.stringify(row), at)
  })()
}

const animalName = (bench: TestHost, id: string) =>
  (bench.host.db.prepare(`SELECT animal_name FROM protocols WHERE id = ?`).pluck().get(id) as string)

describe('conflicts, replacement sync, drift and mail', () => {
  let server: ServerFixture | undefined
  let proxy: FaultyProxy | undefined
  let bench: TestHost | undefined
  let sink: Sink | undefined
  afterEach(async () => {
    await bench?.close()
    await proxy?.close()
    await server?.cleanup()
    await sink?.close()
    bench = proxy = server = sink = undefined
  })

  it("refuses a bench's change to the lab's price list, shows it for review, and takes the lab value", async () => {
    server = await startSyncServer()
    bench = await startPairedBench(server, 'Recepción 1')
    const service = { id: newId(), code: 'X-PRUEBA', description: 'Biopsia', unitPriceCents: 1000 }
    const lab = await server.lab()
    const created = await lab.client.push({
      afterOpSeq: 0,
      ops: [{ deviceId: lab.deviceId, opSeq: 1, entity: 'service', entityId: service.id, op: 'upsert', fields: { code: service.code, description: service.description, unitPriceCents: 1000, taxRatePercent: 21, active: true } }]
    })
    await bench.call('sync.now', { wait: true })
    const labPush = await lab.client.push({
      afterOpSeq: 1,
      ops: [{ deviceId: lab.deviceId, opSeq: 2, entity: 'service', entityId: service.id, op: 'upsert', fields: { unitPriceCents: 2000 }, baseVersion: (created.results[0] as { version: number }).version }]
    })
    expect(labPush.results[0]).toMatchObject({ status: 'applied', conflicts: [] })

    // The bench changes the price (the lab's alone) without having seen the lab's change.
    saveService(bench, { ...service, unitPriceCents: 1500 })
    const status = await bench.call('sync.now', { wait: true })
    expect([status.pending, status.conflicts]).toEqual([0, 1])
    const { conflicts } = await bench.call('sync.conflicts', {})
    expect(conflicts).toMatchObject([{ kind: 'rejected', code: 'lab_only', entity: 'service', label: 'X-PRUEBA', resolvedAt: null }])
    const price = bench.host.db.prepare(`SELECT unit_price_cents FROM services WHERE id = ?`).pluck().get(service.id)
    expect(price).toBe(2000)
    const onServer = (await serverRows(lab.client)).find((row) => row.id === service.id)!
    expect(onServer.fields.unitPriceCents).toBe(2000)

    const reviewed = await bench.call('sync.resolveConflict', { id: conflicts[0]!.id })
    expect(reviewed.resolvedAt).not.toBeNull()
    expect((await bench.call('sync.status', {})).conflicts).toBe(0)
    expect((await bench.call('sync.conflicts', {})).conflicts).toEqual([])
    expect((await bench.call('sync.conflicts', { includeResolved: true })).conflicts).toHaveLength(1)
  })

  it('notices drift, re-downloads the server state, and a replacement sync keeps a change made while it runs', async () => {
    server = await startSyncServer()
    const s = server
    proxy = await startFaultyProxy(() => s.server.url)
    bench = await startPairedBench(server, 'Recepción 1', proxy.url)
    const b = bench
    const vet = await createVet(bench, 'Dra. Ruiz')
    const [x, y] = [(await receive(bench, vet, 'Xena')).protocol, (await receive(bench, vet, 'Yago')).protocol]
    await bench.call('sync.now', { wait: true })

    // The local copy goes wrong behind sync's back (a restored file, a manual edit).
    bench.host.db.prepare(`UPDATE protocols SET animal_name = 'Estropeado' WHERE id = ?`).run(y.id)
    bench.host.db.prepare(`UPDATE sync_digests SET hash = ? WHERE entity = 'protocol'`).run('0'.repeat(64))
    const healed = await bench.call('sync.now', { wait: true })
    expect([healed.state, healed.drift]).toEqual(['idle', false])
    expect(animalName(bench, y.id)).toBe('Yago')

    // By hand, while the clerk corrects a protocol during the download.
    bench.host.db.prepare(`UPDATE protocols SET animal_name = 'Estropeado' WHERE id = ?`).run(y.id)
    proxy.beforeNext('/v1/snapshot', async () => {
      await b.call('reception.edit', { id: x.id, veterinarianId: vet.id, animal: { ...x.animal, name: 'Xena corregida' }, sample: x.sample })
    })
    const replaced = await bench.call('sync.replace', { wait: true })
    expect(replaced.snapshotPending).toBe(false)
    expect(animalName(bench, y.id)).toBe('Yago')
    expect(animalName(bench, x.id)).toBe('Xena corregida')
    // The correction made during the download is not lost: it waits in the outbox unless the round
    // a local change triggers has already sent it (on a loaded machine that round may come first),
    // so what is checked is that it reaches the server.
    const after = await bench.call('sync.now', { wait: true })
    expect([after.pending, after.drift]).toEqual([0, false])
    const onServer = (await serverRows(await server.reader())).find((row) => row.id === x.id)!
    expect((onServer.fields.animal as { name: string }).name).toBe('Xena corregida')
  })

  it('a notification reaches the SMTP server and its sent state comes back to the bench', async () => {
    sink = await startSink()
    server = await startSyncServer({ smtpUrl: sink.url, mailPollMs: 100 })
    bench = await startPairedBench(server, 'Recepción 1')
    const vet = await createVet(bench, 'Dra. Correo', 'correo@clinica.example')
    const { protocol } = await receive(bench, vet, 'Misu')
    const [queued] = await bench.call('notifications.forProtocol', { protocolId: protocol.id })
    expect(queued).toMatchObject({ state: 'queued', recipient: 'correo@clinica.example' })
    const b = bench
    const sent = await eventually(async () => {
      await b.call('sync.now', { wait: true })
      const [notification] = await b.call('notifications.forProtocol', { protocolId: protocol.id })
      return notification?.state === 'sent' ? notification : undefined
    }, 'the sent state on the bench')
    expect(sent.lastError).toBeNull()
    expect(sink.messages).toHaveLength(1)
    expect(sink.messages[0]).toContain('To: correo@clinica.example')
    expect(sink.messages[0]).toContain(protocol.number!.split('/')[1]!)
  })
})
