import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBenchHost, type BenchHost } from '../../../src/main/host'
import type { ReceiveInput } from '../../../src/shared/reception'
import { makeTempDir } from '../../support/temp-dir'
import { callerOf } from '../../support/call'
import { publicProtocolUrl } from '../../../src/shared/bench-settings'
import { typedRange } from '../../support/bench-host'

const NOW = new Date(2026, 10, 23, 10, 30)

describe('reception on a bench trying the app with demo data', () => {
  let dir: ReturnType<typeof makeTempDir>
  let host: BenchHost
  const call = callerOf(() => host)
  let now = NOW
  beforeEach(async () => {
    dir = makeTempDir()
    now = NOW
    host = createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: '0', demoProtocols: 60, clock: () => now, log: () => {} })
    await call('session.setClerk', { name: 'Ana (demo)' })
  })
  afterEach(async () => {
    await host.close()
    dir.cleanup()
  })

  const vetId = () => host.db.prepare(`SELECT id FROM veterinarians ORDER BY name LIMIT 1`).pluck().get() as string
  const walkIn = (overrides: Partial<ReceiveInput> = {}): ReceiveInput => ({
    type: 'HP',
    veterinarianId: vetId(),
    animal: { name: 'Peña', species: 'Perro', breed: 'Mestizo', sex: 'female', age: '7 años', owner: 'Núñez Ibáñez' },
    sample: { sampleType: 'Nódulo cutáneo', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }] },
    ...overrides
  })
  const counts = () =>
    host.db.prepare(`SELECT (SELECT count(*) FROM protocols) AS protocols, (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM notifications) AS notifications`).get()

  it('numbers a demo walk-in at once from the demo block, audits it and writes its outbox row in the same transaction', async () => {
    const before = counts() as { protocols: number; audit: number; outbox: number; notifications: number }
    const result = await call('reception.receive', walkIn())
    expect(result.protocol.number).toBe('HP 26/0001')
    expect(result.protocol.status).toBe('received')
    expect(result.protocol.receivedBy).toBe('Ana (demo)')
    expect(result.protocol.demo).toBe(true)
    expect(result.numbersLeft).toBe(898)
    // The protocol's outbox row and the veterinarian's "sample received" message, with its own outbox row
    // (a demo bench cannot pair; removing the demo data empties the outbox).
    expect(counts()).toEqual({ protocols: before.protocols + 1, audit: before.audit + 1, outbox: before.outbox + 2, notifications: before.notifications + 1 })
    const second = await call('reception.receive', walkIn({ type: 'HP' }))
    expect(second.protocol.number).toBe('HP 26/0002')
    const cytology = await call('reception.receive', walkIn({ type: 'CT' }))
    expect(cytology.protocol.number).toBe('CT 26/0001')
  })

  it('restarts the sequence on 1 January (a demo bench gets the new year\'s demo block by itself)', async () => {
    await call('reception.receive', walkIn())
    now = new Date(2027, 0, 1, 8, 0)
    const result = await call('reception.receive', walkIn())
    expect(result.protocol.number).toBe('HP 27/0001')
  })

  it('removes every demo row in one transaction and leaves a bench as a fresh install, ready to pair', async () => {
    const received = await call('reception.receive', walkIn())
    const vet = await call('veterinarians.create', { name: 'Dr. Prueba', clinic: '', email: '', phone: '', licence: '' })
    expect(vet.demo).toBe(true)
    const { order } = await call('workOrders.create', { veterinarianId: received.protocol.veterinarianId, protocolIds: [received.protocol.id] })
    await call('workOrders.issue', { id: order.id })
    await expect(call('sync.pair', { serverUrl: 'http://127.0.0.1:9', code: 'ABCDE-FGHJK', adminPin: '2468' })).rejects.toMatchObject({ code: 'demo_mode' })
    expect(await call('firstRun.status', {})).toEqual({ needed: false, demoMode: true, demoData: true })

    const { removed, status } = await call('demo.remove', {})
    // The 60 seeded protocols and the one received, the 12 demo veterinarians and the one added while trying.
    expect(removed).toMatchObject({ protocols: 61, workOrders: 1, veterinarians: 13, clerks: 2 })
    expect(status).toEqual({ needed: true, demoMode: false, demoData: false })
    const left = host.db
      .prepare(
        `SELECT (SELECT count(*) FROM protocols) + (SELECT count(*) FROM veterinarians) + (SELECT count(*) FROM services) + (SELECT count(*) FROM work_orders)
           + (SELECT count(*) FROM reports) + (SELECT count(*) FROM notifications) + (SELECT count(*) FROM number_blocks) + (SELECT count(*) FROM outbox) AS n`
      )
      .pluck()
      .get()
    expect(left).toBe(0)
    expect((await call('session.get', {})).clerks).toEqual([])
    // A live bench now: with no block and no typed range it numbers nothing, and says what to do.
    await call('clerks.save', { name: 'Marta' })
    await call('session.setClerk', { name: 'Marta' })
    const own = await call('veterinarians.create', { name: 'Dra. Real', clinic: '', email: '', phone: '', licence: '' })
    expect(own.demo).toBe(false)
    await expect(call('reception.receive', { ...walkIn(), veterinarianId: own.id })).rejects.toMatchObject({ code: 'no_number_source' })
    // Demo data only goes into an empty bench: not one that holds a real protocol (a rejection needs no number).
    await call('reception.receive', { ...walkIn(), veterinarianId: own.id, decision: 'reject', rejectionReason: 'Recipiente roto' })
    await expect(call('demo.start', {})).rejects.toMatchObject({ code: 'demo_not_allowed' })
    expect((await call('firstRun.status', {})).demoMode).toBe(false)
  })

  it('refuses a typed range while the bench tries the app, and changes nothing', async () => {
    const before = host.db.prepare(`SELECT count(*) FROM number_blocks`).pluck().get()
    await expect(call('numbers.addLocalRange', typedRange({ type: 'HP', year: 2026, start: 1000, end: 1099 }))).rejects.toMatchObject({ code: 'demo_mode' })
    expect(host.db.prepare(`SELECT count(*) FROM number_blocks`).pluck().get()).toBe(before)
  })

  it('receives a pre-registered submission found by scanning its QR URL', async () => {
    const registered = host.db.prepare(`SELECT id, external_id FROM protocols WHERE status = 'registered' LIMIT 1`).get() as { id: string; external_id: string }
    const lookup = await call('reception.lookup', { text: `https://lab.example/s/${registered.external_id}` })
    expect(lookup.scan).toBe('external')
    expect(lookup.matches.map((match) => match.id)).toEqual([registered.id])
    const result = await call('reception.receive', walkIn({ id: registered.id }))
    expect(result.protocol.id).toBe(registered.id)
    expect(result.protocol.externalId).toBe(registered.external_id)
    expect(result.protocol.number).toMatch(/^HP 26\/\d{4}$/)
    // A second receive of the same submission is a conflict, not a second number.
    await expect(call('reception.receive', walkIn({ id: registered.id }))).rejects.toMatchObject({ code: 'already_decided' })
    const byNumber = await call('reception.lookup', { text: result.protocol.number!.toLowerCase() })
    expect(byNumber.matches.map((match) => match.id)).toEqual([registered.id])
  })

  it('finds anything the lab printed, however it is scanned, at reception and in the Protocols search', async () => {
    const walkInResult = await call('reception.receive', walkIn())
    const received = walkInResult.protocol
    const { publicBaseUrl } = await call('settings.get', {})
    // The label's QR as this bench prints it, as another bench prints it, and read without its scheme.
    const printedHere = publicProtocolUrl(publicBaseUrl, received)
    expect(printedHere).toContain(received.id)
    const scans = [printedHere, `https://otro-puesto.example/p/${received.id}`, printedHere.replace(/^https?:\/\//, ''), 'HP 26/0001', 'HP26/0001', 'hp 26 0001', 'HP260001']
    for (const text of scans) {
      const lookup = await call('reception.lookup', { text })
      expect([text, lookup.matches.map((match) => match.id)]).toEqual([text, [received.id]])
      const search = await call('protocols.search', { text })
      expect([text, search.rows.map((row) => row.id)]).toEqual([text, [received.id]])
    }
    expect((await call('reception.lookup', { text: printedHere })).scan).toBe('id')

    // A pre-registered protocol's label carries its submission id.
    const registered = host.db.prepare(`SELECT id, external_id FROM protocols WHERE status = 'registered' LIMIT 1`).get() as { id: string; external_id: string }
    const preRegistered = (await call('reception.receive', walkIn({ id: registered.id }))).protocol
    const labelQr = publicProtocolUrl(publicBaseUrl, preRegistered)
    expect((await call('reception.lookup', { text: labelQr })).matches.map((match) => match.id)).toEqual([registered.id])
    expect((await call('protocols.search', { text: labelQr })).rows.map((row) => row.id)).toEqual([registered.id])
  })

  it('rejects with a reason, gives no number and queues no label', async () => {
    await expect(call('reception.receive', walkIn({ decision: 'reject' }))).rejects.toMatchObject({ code: 'invalid_input' })
    const result = await call('reception.receive', walkIn({ decision: 'reject', rejectionReason: 'Recipiente roto' }))
    expect(result.protocol).toMatchObject({ status: 'rejected', number: null, rejectionReason: 'Recipiente roto' })
    expect(result.labelJobId).toBeNull()
    const audit = host.db.prepare(`SELECT action, actor FROM audit_log WHERE entity_id = ?`).all(result.protocol.id)
    expect(audit).toEqual([{ action: 'protocol.rejected', actor: 'Ana (demo)' }])
  })

  it('refuses to receive without a clerk on duty, and with a wrong PIN', async () => {
    await call('clerks.save', { name: 'Marta', pin: '4321' })
    await expect(call('session.setClerk', { name: 'Marta', pin: '0000' })).rejects.toMatchObject({ code: 'wrong_pin' })
    await host.close()
    host = createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: '0', clock: () => now, log: () => {} })
    const before = counts()
    await expect(call('reception.receive', walkIn())).rejects.toMatchObject({ code: 'no_clerk' })
    expect(counts()).toEqual(before)
    const session = await call('session.setClerk', { name: 'Marta', pin: '4321' })
    expect(session.clerk).toBe('Marta')
  })

  it('warns of a possible duplicate (same animal, owner and veterinarian within days) without blocking', async () => {
    const first = await call('reception.receive', walkIn())
    const duplicates = await call('reception.duplicates', { veterinarianId: vetId(), animalName: 'peña', owner: 'núñez ibáñez' })
    expect(duplicates.map((row) => row.id)).toEqual([first.protocol.id])
    now = new Date(NOW.getTime() + 10 * 86_400_000)
    expect(await call('reception.duplicates', { veterinarianId: vetId(), animalName: 'Peña', owner: 'Núñez Ibáñez' })).toEqual([])
  })

  it("counts today's receptions and lists the last ones", async () => {
    await call('reception.receive', walkIn())
    await call('reception.receive', walkIn({ decision: 'reject', rejectionReason: 'Muestra insuficiente' }))
    const today = await call('reception.today', {})
    expect(today.received).toBe(1)
    expect(today.rejected).toBe(1)
    expect(today.recent).toHaveLength(2)
  })
})

describe('reception on a live bench (no demo data)', () => {
  let dir: ReturnType<typeof makeTempDir>
  let host: BenchHost
  const call = callerOf(() => host)
  let now = NOW
  let vet = ''
  beforeEach(async () => {
    dir = makeTempDir()
    now = NOW
    host = createBenchHost({ dataDir: dir.path, shell: 'browser-harness', appVersion: '0', clock: () => now, log: () => {} })
    await call('clerks.save', { name: 'Marta' })
    await call('session.setClerk', { name: 'Marta' })
    vet = (await call('veterinarians.create', { name: 'Dra. Ruiz', clinic: '', email: 'ruiz@example.org', phone: '', licence: '' })).id
  })
  afterEach(async () => {
    await host.close()
    dir.cleanup()
  })

  const walkIn = (overrides: Partial<ReceiveInput> = {}): ReceiveInput => ({
    type: 'HP',
    veterinarianId: vet,
    animal: { name: 'Peña', species: 'Perro', breed: 'Mestizo', sex: 'female', age: '7 años', owner: 'Núñez Ibáñez' },
    sample: { sampleType: 'Nódulo cutáneo', fixative: 'formol 10%', containers: [{ condition: 'good', note: '' }] },
    ...overrides
  })
  const counts = () =>
    host.db.prepare(`SELECT (SELECT count(*) FROM protocols) AS protocols, (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM notifications) AS notifications, (SELECT count(*) FROM number_blocks) AS blocks`).get()

  it('starts empty and, with neither a server block nor a typed range, refuses to receive and says what to do', async () => {
    expect(host.db.prepare(`SELECT count(*) FROM protocols`).pluck().get()).toBe(0)
    expect((await call('numbers.status', {})).types.map((t) => [t.type, t.remaining])).toEqual([
      ['HP', 0],
      ['CT', 0],
      ['OT', 0]
    ])
    const before = counts()
    await expect(call('reception.receive', walkIn())).rejects.toMatchObject({ code: 'no_number_source' })
    expect(counts()).toEqual(before)
    // A rejection needs no number: it is still taken.
    const rejected = await call('reception.receive', walkIn({ decision: 'reject', rejectionReason: 'Recipiente roto' }))
    expect(rejected.protocol.number).toBeNull()
  })

  it('numbers from a typed range once an administrator types one, writing the outbox row in the same transaction', async () => {
    const status = await call('numbers.addLocalRange', typedRange({ type: 'HP', year: 2026, start: 1, end: 50 }))
    expect(status.blocks.map((b) => [b.type, b.rangeStart, b.rangeEnd, b.source, b.claimStatus])).toEqual([['HP', 1, 50, 'local', null]])
    const before = counts() as { protocols: number; audit: number; outbox: number; notifications: number; blocks: number }
    const result = await call('reception.receive', walkIn())
    expect(result.protocol).toMatchObject({ number: 'HP 26/0001', demo: false })
    expect(result.numbersLeft).toBe(49)
    // The protocol's outbox row and the veterinarian's "sample received" message, with its own outbox row.
    expect(counts()).toEqual({ ...before, protocols: before.protocols + 1, audit: before.audit + 1, outbox: before.outbox + 2, notifications: before.notifications + 1 })
  })

  it('refuses a typed range out of bounds or without the acknowledged warning, and changes nothing', async () => {
    const before = counts()
    for (const range of [
      { type: 'HP' as const, year: 2028, start: 1, end: 10 },
      { type: 'HP' as const, year: 2025, start: 1, end: 10 },
      { type: 'CT' as const, year: 2026, start: 1, end: 2001 },
      { type: 'OT' as const, year: 2026, start: 99_990, end: 99_999 + 1 }
    ]) {
      const outcome = await call('numbers.addLocalRange', typedRange(range)).then(
        () => 'accepted',
        (error: { code: string }) => error.code
      )
      expect(outcome, JSON.stringify(range)).toMatch(/^(range_out_of_bounds|invalid_input)$/)
    }
    await expect(call('numbers.addLocalRange', typedRange({ type: 'HP', year: 2026, start: 10, end: 5 }))).rejects.toMatchObject({ code: 'range_out_of_bounds' })
    await expect(call('numbers.addLocalRange', { ...typedRange({ type: 'HP', year: 2026, start: 1, end: 5 }), acknowledged: false } as never)).rejects.toMatchObject({ code: 'invalid_input' })
    expect(counts()).toEqual(before)
    // The next year is allowed (December's ranges), and so is the largest range.
    await call('numbers.addLocalRange', typedRange({ type: 'CT', year: 2027, start: 1, end: 2000 }))
  })

  it('says when numbers run low and refuses cleanly when they are exhausted', async () => {
    now = new Date(2028, 2, 1)
    await call('numbers.addLocalRange', typedRange({ type: 'CT', year: 2028, start: 10, end: 12 }))
    await call('settings.update', { lowWaterMark: 2 })
    const first = await call('reception.receive', walkIn({ type: 'CT' }))
    expect(first).toMatchObject({ numbersLeft: 2, lowOnNumbers: false })
    const second = await call('reception.receive', walkIn({ type: 'CT' }))
    expect(second).toMatchObject({ numbersLeft: 1, lowOnNumbers: true })
    await call('reception.receive', walkIn({ type: 'CT' }))
    const before = counts()
    await expect(call('reception.receive', walkIn({ type: 'CT' }))).rejects.toMatchObject({ code: 'numbers_exhausted' })
    expect(counts()).toEqual(before)
  })

  it('never hands out a number twice: overlapping ranges are refused, used numbers skipped', async () => {
    await call('numbers.addLocalRange', typedRange({ type: 'HP', year: 2026, start: 1, end: 899 }))
    await expect(call('numbers.addLocalRange', typedRange({ type: 'HP', year: 2026, start: 500, end: 1000 }))).rejects.toMatchObject({ code: 'range_overlaps' })
    const first = await call('reception.receive', walkIn())
    now = new Date(2029, 5, 1)
    // A number already used inside a new range (a restored backup) is passed over.
    host.db.prepare(`UPDATE protocols SET year = 2029, seq = 3, number = 'HP 29/0003' WHERE id = ?`).run(first.protocol.id)
    await call('numbers.addLocalRange', typedRange({ type: 'HP', year: 2029, start: 1, end: 10 }))
    const result = await call('reception.receive', walkIn())
    expect(result.protocol.number).toBe('HP 29/0004')
  })
})
