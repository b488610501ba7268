import { afterEach, describe, expect, it } from 'vitest'
import type { TestHost } from '../../support/bench-host'
import { createVet, localProtocols, receive, serverRows, startPairedBench, startSyncServer, type ServerFixture } from './support'

describe('two benches receiving offline at the same time', () => {
  let server: ServerFixture | undefined
  const benches: TestHost[] = []
  afterEach(async () => {
    for (const bench of benches.splice(0)) await bench.close()
    await server?.cleanup()
    server = undefined
  })

  it('numbers never collide, nothing is lost, and both benches end up with everything', async () => {
    server = await startSyncServer()
    const a = await startPairedBench(server, 'Recepción A')
    const b = await startPairedBench(server, 'Recepción B')
    benches.push(a, b)
    const vetA = await createVet(a, 'Dra. Ruiz')
    const vetB = await createVet(b, 'Dr. Soler')
    await a.call('sync.now', { wait: true })
    await b.call('sync.now', { wait: true })

    await server.stop()
    const received = []
    for (let i = 0; i < 6; i += 1) {
      received.push((await receive(a, vetA, `Luna ${i}`)).protocol)
      received.push((await receive(b, vetB, `Kira ${i}`)).protocol)
    }
    // Offline: numbers came from each bench's own leased block.
    expect(new Set(received.map((p) => p.number)).size).toBe(received.length)
    const offline = await a.call('sync.now', { wait: true })
    expect(offline.state).toBe('offline')
    expect(offline.pending).toBeGreaterThanOrEqual(6)

    await server.restart()
    await a.call('sync.now', { wait: true })
    await b.call('sync.now', { wait: true })
    // Each bench's status after a round it waited for: a plain status read could land while a
    // round the receptions scheduled is still running.
    const statusA = await a.call('sync.now', { wait: true })
    const statusB = await b.call('sync.now', { wait: true })
    expect([statusA.state, statusA.pending, statusA.conflicts, statusA.drift]).toEqual(['idle', 0, 0, false])
    expect([statusB.state, statusB.pending, statusB.conflicts, statusB.drift]).toEqual(['idle', 0, 0, false])
    // Nothing to review on either bench: offline numbers came from each one's leased blocks only.
    expect((await b.call('sync.conflicts', {})).conflicts).toEqual([])

    const onServer = (await serverRows(await server.reader())).filter((row) => row.entity === 'protocol')
    expect(onServer.map((row) => row.fields.number).sort()).toEqual(received.map((p) => p.number).sort())
    const expected = received.map((p) => `${p.number} ${p.animal.name}`).sort()
    for (const bench of [a, b]) {
      expect(localProtocols(bench).map((p) => `${p.number} ${p.animal_name}`).sort()).toEqual(expected)
      // The other bench's veterinarian came along with its protocols.
      const vets = (await bench.call('veterinarians.list', {})).map((vet) => vet.name)
      expect(vets).toEqual(expect.arrayContaining(['Dra. Ruiz', 'Dr. Soler']))
    }
    // The received protocols are searchable on the bench that did not receive them.
    const found = await a.call('protocols.search', { text: 'Kira 3' })
    expect(found.rows.map((row) => row.animalName)).toEqual(['Kira 3'])
  })
})
