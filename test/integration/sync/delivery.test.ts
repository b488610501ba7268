import { copyFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { TestHost } from '../../support/bench-host'
import {
  createVet,
  pushExchanges,
  receive,
  serverRows,
  startFaultyProxy,
  startPairedBench,
  startSyncServer,
  type FaultyProxy,
  type ServerFixture
} from './support'

describe('deliveries lost, repeated, replayed, refused', () => {
  let server: ServerFixture | undefined
  let proxy: FaultyProxy | undefined
  let bench: TestHost | undefined
  afterEach(async () => {
    await bench?.close()
    await proxy?.close()
    await server?.cleanup()
    bench = proxy = server = undefined
  })

  const start = async () => {
    server = await startSyncServer()
    const s = server
    proxy = await startFaultyProxy(() => s.server.url)
    bench = await startPairedBench(server, 'Recepción 1', proxy.url)
    return { server, proxy, bench }
  }

  const protocolsOnServer = async (s: ServerFixture) => (await serverRows(await s.reader())).filter((row) => row.entity === 'protocol')

  it('a push whose answer is lost is sent again and each op is applied once', async () => {
    const { server, proxy, bench } = await start()
    const vet = await createVet(bench, 'Dra. Ruiz')
    for (let i = 0; i < 3; i += 1) await receive(bench, vet, `Coco ${i}`)
    proxy.loseNextPushAnswer()
    const lost = await bench.call('sync.now', { wait: true })
    expect(lost.state).toBe('offline')
    expect(lost.pending).toBe(4)
    const status = await bench.call('sync.now', { wait: true })
    expect([status.state, status.pending]).toEqual(['idle', 0])
    const pushes = pushExchanges(proxy)
    const [first, again] = pushes.slice(-2)
    expect(first!.body.results!.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied'])
    expect(again!.body.results!.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate'])
    expect(await protocolsOnServer(server)).toHaveLength(3)
  })

  it('a push delivered twice, and the same signed request replayed later, are refused as replays', async () => {
    const { server, proxy, bench } = await start()
    const vet = await createVet(bench, 'Dr. Soler')
    await receive(bench, vet, 'Rocky')
    proxy.duplicateNextPush()
    const status = await bench.call('sync.now', { wait: true })
    expect([status.state, status.pending]).toEqual(['idle', 0])
    const [delivered, repeated] = pushExchanges(proxy).slice(-2)
    expect(delivered!.status).toBe(200)
    expect([repeated!.status, repeated!.body.error?.code]).toEqual([401, 'replayed'])

    const recorded = proxy.exchanges.find((e) => e.path === '/v1/push')!
    const replay = await fetch(`${server.server.url}/v1/push`, { method: 'POST', headers: recorded.headers, body: new Uint8Array(recorded.body) })
    expect(replay.status).toBe(401)
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('replayed')
    expect(await protocolsOnServer(server)).toHaveLength(1)
  })

  it('a bad payload is refused with a clear error, nothing of its batch applied, and the rest goes on', async () => {
    const { server, proxy, bench } = await start()
    const at = new Date().toISOString()
    // A part of the bench wrote a malformed change (a veterinarian whose name is a number).
    bench.host.db
      .prepare(`INSERT INTO outbox (entity, entity_id, op, payload_json, created_at) VALUES ('veterinarian', ?, 'upsert', ?, ?)`)
      .run('0195f000-0000-7000-8000-000000000001', JSON.stringify({ name: 42, clinic: '' }), at)
    const good = await createVet(bench, 'Dra. Buena')
    const status = await bench.call('sync.now', { wait: true })
    expect([status.state, status.pending, status.conflicts]).toEqual(['idle', 0, 1])
    const [refused, accepted] = pushExchanges(proxy).slice(-2)
    expect([refused!.status, refused!.body.error?.code]).toEqual([400, 'invalid_payload'])
    expect(refused!.body.error?.message).toContain('veterinarian.name')
    // The good op of the refused batch had not been applied: the next batch applies it, not as a duplicate.
    expect(accepted!.body.results!.map((r) => r.status)).toEqual(['applied'])
    const { conflicts } = await bench.call('sync.conflicts', {})
    expect(conflicts).toMatchObject([{ kind: 'refused', code: 'invalid_payload', entity: 'veterinarian' }])
    expect(conflicts[0]!.message).toContain('name')
    const vets = (await serverRows(await server.reader())).filter((row) => row.entity === 'veterinarian')
    expect(vets.map((row) => row.id)).toEqual([good.id])
  })

  it('a server restored from a backup gets the operations it lost again, and the bench re-downloads its state', async () => {
    const { server, bench } = await start()
    const vet = await createVet(bench, 'Dra. Copia')
    await receive(bench, vet, 'Antes')
    await bench.call('sync.now', { wait: true })
    await server.stop()
    const file = join(server.dataDir, 'sync.sqlite')
    const backup = join(server.dataDir, 'backup.sqlite')
    copyFileSync(file, backup)
    await server.restart()
    await receive(bench, vet, 'Perdido')
    expect((await bench.call('sync.now', { wait: true })).pending).toBe(0)
    await server.stop()
    for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix)
    copyFileSync(backup, file)
    await server.restart()
    await receive(bench, vet, 'Después')
    const status = await bench.call('sync.now', { wait: true })
    expect([status.state, status.pending, status.drift]).toEqual(['idle', 0, false])
    const names = (await protocolsOnServer(server)).map((row) => (row.fields.animal as { name: string }).name).sort()
    expect(names).toEqual(['Antes', 'Después', 'Perdido'])
  })
})
