import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createSyncClient, type SyncError } from '../../../src/main/features/sync/client'
import { SECRET_FILE } from '../../../src/main/features/sync/credentials'
import { SYNC_ROTATE_SECRET } from '../../../src/main/features/sync/secret-rotation'
import type { TestHost } from '../../support/bench-host'
import { ADMIN_PIN, createVet, receive, startPairedBench, startSyncServer, type ServerFixture } from './support'

const OVERLAP_MS = 60_000

/** The secret in the bench's data folder (the harness keeps it in a 0600 file). */
const secretOf = (bench: TestHost) => (JSON.parse(readFileSync(join(bench.dataDir, SECRET_FILE), 'utf8')) as { data: string }).data

const deviceIdOf = (bench: TestHost) => bench.host.db.prepare(`SELECT device_id FROM sync_state`).pluck().get() as string

describe('sync secret rotation', () => {
  let server: ServerFixture | undefined
  let bench: TestHost | undefined
  afterEach(async () => {
    await bench?.close()
    await server?.cleanup()
    bench = server = undefined
  })

  it('a rotated secret signs the next round; the old one is accepted during the overlap and refused after it', async () => {
    // The server's clock is moved past the overlap instead of waiting for it.
    let ahead = 0
    server = await startSyncServer({ secretOverlapMs: OVERLAP_MS, now: () => Date.now() + ahead })
    bench = await startPairedBench(server, 'Recepción 1')
    const deviceId = deviceIdOf(bench)
    const old = secretOf(bench)
    const signedWith = (secret: string) => createSyncClient({ baseUrl: server!.url, deviceId, secret })

    await expect(bench.call('sync.rotateSecret', { adminPin: '9999' })).rejects.toMatchObject({ code: 'wrong_admin_pin' })
    expect(secretOf(bench)).toBe(old)

    const { rotatedAt } = await bench.call('sync.rotateSecret', { adminPin: ADMIN_PIN })
    expect(Date.parse(rotatedAt)).not.toBeNaN()
    const rotated = secretOf(bench)
    expect(rotated).not.toBe(old)
    expect(rotated.length).toBeGreaterThanOrEqual(32)

    // The next round is signed with the new secret and goes through.
    const vet = await createVet(bench, 'Dra. Clave Nueva')
    await receive(bench, vet, 'Rayo')
    const after = await bench.call('sync.now', { wait: true })
    expect(after).toMatchObject({ state: 'idle', pending: 0, lastError: null })
    await expect(signedWith(rotated).pull(0, 1)).resolves.toBeDefined()

    // Within the overlap the old secret still signs (a round already on its way).
    await expect(signedWith(old).pull(0, 1)).resolves.toBeDefined()

    ahead = OVERLAP_MS + 1000
    await expect(signedWith(old).pull(0, 1)).rejects.toMatchObject({ code: 'bad_signature', kind: 'auth' } satisfies Partial<SyncError>)
    await expect(signedWith(rotated).pull(0, 1)).resolves.toBeDefined()
    expect(await bench.call('sync.now', { wait: true })).toMatchObject({ state: 'idle', lastError: null })

    const audit = bench.host.db.prepare(`SELECT actor, action FROM audit_log WHERE action = 'sync.secret_rotated'`).all()
    expect(audit).toEqual([{ actor: 'Ana (demo)', action: 'sync.secret_rotated' }])
  })

  it('an answer lost on the way: asking again with the old secret inside the overlap gives a new one, and the overlap is not extended', async () => {
    let ahead = 0
    server = await startSyncServer({ secretOverlapMs: OVERLAP_MS, now: () => Date.now() + ahead })
    bench = await startPairedBench(server, 'Recepción 1')
    const deviceId = deviceIdOf(bench)
    const old = secretOf(bench)
    const first = await createSyncClient({ baseUrl: server.url, deviceId, secret: old }).rotateSecret()
    // The bench never saw `first`: it still holds `old` and asks again.
    ahead = OVERLAP_MS / 2
    await bench.call('sync.rotateSecret', { adminPin: ADMIN_PIN })
    const second = secretOf(bench)
    expect(new Set([old, first.secret, second]).size).toBe(3)
    const signedWith = (secret: string) => createSyncClient({ baseUrl: server!.url, deviceId, secret })
    await expect(signedWith(first.secret).pull(0, 1)).rejects.toMatchObject({ code: 'bad_signature' })
    ahead = OVERLAP_MS + 1000
    await expect(signedWith(old).pull(0, 1)).rejects.toMatchObject({ code: 'bad_signature' })
    await expect(signedWith(second).pull(0, 1)).resolves.toBeDefined()
  })

  it('the scheduled job rotates a paired bench, and does nothing on an unpaired one', async () => {
    server = await startSyncServer()
    bench = await startPairedBench(server, 'Recepción 1')
    const old = secretOf(bench)
    const { job } = bench.host.queue.enqueue(SYNC_ROTATE_SECRET, {})
    await bench.host.queue.drained()
    expect(bench.host.queue.get(job.id)).toMatchObject({ state: 'succeeded' })
    expect(secretOf(bench)).not.toBe(old)
    expect(await bench.call('sync.now', { wait: true })).toMatchObject({ state: 'idle', lastError: null })
    expect(bench.host.db.prepare(`SELECT actor FROM audit_log WHERE action = 'sync.secret_rotated'`).pluck().all()).toEqual(['system'])

    await bench.call('sync.unpair', {})
    const again = bench.host.queue.enqueue(SYNC_ROTATE_SECRET, {})
    await bench.host.queue.drained()
    expect(bench.host.queue.get(again.job.id)).toMatchObject({ state: 'succeeded' })
    await expect(bench.call('sync.rotateSecret', { adminPin: ADMIN_PIN })).rejects.toMatchObject({ code: 'not_paired' })
  })
})
