import { afterEach, describe, expect, it } from 'vitest'
import { startTestHost, type TestHost } from '../../support/bench-host'
import type { Veterinarian } from '../../../src/shared/domain'
import { createVet, receive, serverRows, startPairedBench, startSyncServer, type ServerFixture } from '../sync/support'

const auditOf = (bench: TestHost, entityId: string) =>
  bench.host.db.prepare(`SELECT actor, action, before_json, after_json FROM audit_log WHERE entity = 'veterinarian' AND entity_id = ? ORDER BY at, rowid`).all(entityId) as Array<{
    actor: string
    action: string
    before_json: string | null
    after_json: string | null
  }>

/** What the edit form sends: every editable field, not the demo mark. */
const editable = ({ demo: _demo, ...fields }: Veterinarian) => fields

describe('correcting a veterinarian at the bench', () => {
  const benches: TestHost[] = []
  let server: ServerFixture | undefined
  afterEach(async () => {
    for (const bench of benches.splice(0)) await bench.close()
    await server?.cleanup()
    server = undefined
  })

  it('saves the new e-mail and phone, audits before and after with the clerk on duty, and finds protocols by the new name', async () => {
    // Demo data: its number blocks let the bench receive without a server.
    const bench = await startTestHost({ clerk: 'Marta' })
    benches.push(bench)
    const vet = await createVet(bench, 'Dra. Ruiz', 'ruiz@old.example')
    const { protocol } = await receive(bench, vet, 'Luna')
    expect((await bench.call('protocols.search', { text: 'Zubiaurre' })).rows).toEqual([])
    const edited = await bench.call('veterinarians.update', { ...editable(vet), name: 'Dra. Ruiz Zubiaurre', email: 'ruiz@clinica.example', phone: '600 111 222' })
    expect(edited).toMatchObject({ id: vet.id, name: 'Dra. Ruiz Zubiaurre', email: 'ruiz@clinica.example', phone: '600 111 222', demo: vet.demo })
    expect((await bench.call('veterinarians.list', {})).find((entry) => entry.id === vet.id)).toEqual(edited)
    const [created, updated, ...more] = auditOf(bench, vet.id)
    expect(more).toEqual([])
    expect(created!.action).toBe('veterinarian.created')
    expect(updated).toMatchObject({ actor: 'Marta', action: 'veterinarian.updated' })
    expect(JSON.parse(updated!.before_json!)).toMatchObject({ email: 'ruiz@old.example', phone: '', name: 'Dra. Ruiz' })
    expect(JSON.parse(updated!.after_json!)).toMatchObject({ email: 'ruiz@clinica.example', phone: '600 111 222', name: 'Dra. Ruiz Zubiaurre' })
    expect((await bench.call('protocols.search', { text: 'Zubiaurre' })).rows.map((row) => row.id)).toEqual([protocol.id])
  })

  it('saving the form unchanged writes no audit row and no outbox row', async () => {
    const bench = await startTestHost({ demoProtocols: 0 })
    benches.push(bench)
    const vet = await createVet(bench, 'Dr. Soler', 'soler@clinica.example')
    const outboxBefore = bench.host.db.prepare(`SELECT count(*) FROM outbox`).pluck().get()
    expect(await bench.call('veterinarians.update', { id: vet.id, name: vet.name, clinic: vet.clinic, email: vet.email, phone: vet.phone, licence: vet.licence })).toEqual(vet)
    expect(auditOf(bench, vet.id).map((row) => row.action)).toEqual(['veterinarian.created'])
    expect(bench.host.db.prepare(`SELECT count(*) FROM outbox`).pluck().get()).toBe(outboxBefore)
  })

  it('refuses a bad e-mail or an empty name with the field and its rule, and changes nothing', async () => {
    const bench = await startTestHost({ demoProtocols: 0 })
    benches.push(bench)
    const vet = await createVet(bench, 'Dr. Soler', 'soler@clinica.example')
    const badEmail = await bench.call('veterinarians.update', { ...editable(vet), email: 'soler-at-clinica' }).catch((error: unknown) => error)
    expect(badEmail).toMatchObject({ code: 'invalid_input' })
    expect((badEmail as { issues: Array<{ path: string; rule?: string }> }).issues).toEqual([expect.objectContaining({ path: 'email', rule: 'invalid_email' })])
    const longPhone = await bench.call('veterinarians.update', { ...editable(vet), phone: '6'.repeat(41) }).catch((error: unknown) => error)
    expect((longPhone as { issues: Array<{ path: string; rule?: string; params?: unknown }> }).issues).toEqual([
      expect.objectContaining({ path: 'phone', rule: 'too_long', params: { maximum: 40 } })
    ])
    const noName = await bench.call('veterinarians.update', { ...editable(vet), name: '   ' }).catch((error: unknown) => error)
    expect((noName as { issues: Array<{ path: string }> }).issues.map((issue) => issue.path)).toEqual(['name'])
    const unknown = await bench.call('veterinarians.update', { ...editable(vet), id: '00000000-0000-4000-8000-000000000000' }).catch((error: unknown) => error)
    expect(unknown).toMatchObject({ code: 'not_found' })
    expect((await bench.call('veterinarians.list', {})).find((entry) => entry.id === vet.id)).toEqual(vet)
    expect(auditOf(bench, vet.id).map((row) => row.action)).toEqual(['veterinarian.created'])
  })

  it('reaches the server and the other bench: a bench may correct a veterinarian another bench created', async () => {
    server = await startSyncServer()
    const a = await startPairedBench(server, 'Recepción A')
    const b = await startPairedBench(server, 'Recepción B')
    benches.push(a, b)
    const vet = await createVet(a, 'Dra. Ruiz', 'ruiz@old.example')
    await a.call('sync.now', { wait: true })
    await b.call('sync.now', { wait: true })
    const pulled = (await b.call('veterinarians.list', {})).find((entry) => entry.id === vet.id)
    expect(pulled?.email).toBe('ruiz@old.example')

    // Bench B did not create this veterinarian; the server's rules let any bench correct one.
    await b.call('veterinarians.update', { ...editable(pulled!), email: 'ruiz@clinica.example', phone: '600 111 222' })
    const statusB = await b.call('sync.now', { wait: true })
    expect([statusB.pending, statusB.conflicts]).toEqual([0, 0])
    const onServer = (await serverRows(await server.reader())).find((row) => row.entity === 'veterinarian' && row.id === vet.id)
    expect(onServer?.fields).toMatchObject({ name: 'Dra. Ruiz', email: 'ruiz@clinica.example', phone: '600 111 222' })

    await a.call('sync.now', { wait: true })
    expect((await a.call('veterinarians.list', {})).find((entry) => entry.id === vet.id)).toMatchObject({ email: 'ruiz@clinica.example', phone: '600 111 222' })
  })
})
