import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import type { ReceiveInput } from '../../../src/shared/reception'

describe('notifications to the veterinarian', () => {
  let bench: TestHost
  beforeEach(async () => {
    bench = await startTestHost({ clock: () => new Date(2026, 10, 23, 10, 0) })
  })
  afterEach(async () => {
    await bench.close()
  })

  const createVet = (email: string) =>
    bench.call('veterinarians.create', { name: 'Dra. Íñiguez', clinic: 'Clínica Peñalara', email, phone: '', licence: '' })
  const walkIn = (veterinarianId: string, overrides: Partial<ReceiveInput> = {}): ReceiveInput => ({
    type: 'HP',
    veterinarianId,
    animal: { name: 'Toñi', species: 'Gato', owner: 'Muñoz' },
    sample: { sampleType: 'Biopsia', containers: [{}] },
    ...overrides
  })
  const outboxNotifications = () =>
    bench.host.db.prepare(`SELECT entity_id AS id, payload_json AS payload FROM outbox WHERE entity = 'notification'`).all() as Array<{ id: string; payload: string }>

  it('queues "sample received" with the protocol, in Spanish, with an outbox row the server will send', async () => {
    const vet = await createVet('iniguez@clinica.example')
    const { protocol } = await bench.call('reception.receive', walkIn(vet.id))
    const [message, ...rest] = await bench.call('notifications.forProtocol', { protocolId: protocol.id })
    expect(rest).toEqual([])
    expect(message).toMatchObject({ kind: 'sample_received', state: 'queued', recipient: 'iniguez@clinica.example', language: 'es' })
    expect(message!.subject).toContain(protocol.number!)
    const rows = outboxNotifications()
    expect(rows.map((row) => row.id)).toEqual([message!.id])
    const payload = JSON.parse(rows[0]!.payload) as { to: string[]; text: string; protocolId: string }
    expect(payload.to).toEqual(['iniguez@clinica.example'])
    expect(payload.protocolId).toBe(protocol.id)
    expect(payload.text).toContain('Toñi')
  })

  it('queues "sample rejected" with the reason, in the bench language', async () => {
    await bench.call('preferences.update', { language: 'en' })
    const vet = await createVet('iniguez@clinica.example')
    const { protocol } = await bench.call('reception.receive', walkIn(vet.id, { decision: 'reject', rejectionReason: 'Recipiente roto' }))
    const [message] = await bench.call('notifications.forProtocol', { protocolId: protocol.id })
    expect(message).toMatchObject({ kind: 'sample_rejected', language: 'en' })
    expect(JSON.parse(outboxNotifications()[0]!.payload).text).toContain('Reason: Recipiente roto')
  })

  it('records a veterinarian without e-mail as "no address" and pushes nothing to send', async () => {
    const vet = await createVet('')
    const { protocol } = await bench.call('reception.receive', walkIn(vet.id))
    const [message] = await bench.call('notifications.forProtocol', { protocolId: protocol.id })
    expect(message).toMatchObject({ state: 'no_address', recipient: '' })
    expect(outboxNotifications()).toEqual([])
  })

  it('sends nothing for a kind the bench has switched off', async () => {
    await bench.call('settings.update', { notify: { sampleReceived: false, sampleRejected: true, reportReady: true } })
    const vet = await createVet('iniguez@clinica.example')
    const { protocol } = await bench.call('reception.receive', walkIn(vet.id))
    expect(await bench.call('notifications.forProtocol', { protocolId: protocol.id })).toEqual([])
  })

  it('writes no message when the change itself fails (same transaction)', async () => {
    const vet = await createVet('iniguez@clinica.example')
    bench.host.db.prepare(`UPDATE number_blocks SET next_seq = range_end + 1 WHERE type = 'HP'`).run()
    await expect(bench.call('reception.receive', walkIn(vet.id))).rejects.toMatchObject({ code: 'numbers_exhausted' })
    expect(bench.host.db.prepare(`SELECT count(*) FROM notifications`).pluck().get()).toBe(0)
    expect(outboxNotifications()).toEqual([])
  })
})
